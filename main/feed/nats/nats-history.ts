/**
 * A source's stored history on NATS (its JetStream stream, docs/PROTOCOL.md "NATS mapping")
 * copied into a local recording, so `--replay nats://...` plays it through the one replay path
 * (seek, speed, step, loop, range) instead of a second player. The copy starts at the stream's
 * oldest message, whatever `from` is: the replay seeks to `from` from the recording's
 * checkpoints, which need the snapshots the relay published when it started or resynced, and
 * those lie before `from`. It ends at `to`, or at the newest message when the copy began.
 */
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { NatsReplayTarget } from '../../../protocol/feed-target';
import { DEFAULT_SUBJECT_PREFIX, natsNames } from '../../../protocol/nats';
import { HelloAssembly } from '../../../protocol/nats-hello-assembly';
import { RecordingWriter } from '../../../recording';
import { connectNats, type NatsAuth } from './nats-connection';
import { readStoredHello } from './stored-hello';

/** Most messages one copy takes; a longer history is cut there (and says so). */
export const MAX_HISTORY_MESSAGES = 5_000_000;
/** Longest wait for a NATS server or for the next stored message, ms. */
export const HISTORY_TIMEOUT_MS = 15_000;

const NS_PER_MS = 1_000_000;

/** What a copy holds. */
export interface NatsHistory {
  readonly messages: number;
  /** Stored time of the first and last message copied, epoch ms. */
  readonly firstAt: number;
  readonly lastAt: number;
  /** True when {@link MAX_HISTORY_MESSAGES} cut it before `to`. */
  readonly truncated: boolean;
}

/** Copies `target`'s history into a new recording folder `dir`; rejects naming the problem. */
export async function copyNatsHistory(
  target: NatsReplayTarget,
  auth: NatsAuth,
  dir: string,
  subjectPrefix = DEFAULT_SUBJECT_PREFIX,
): Promise<NatsHistory> {
  const where = `NATS ${target.servers.join(',')} · ${target.source}`;
  const gaveUp = AbortSignal.timeout(HISTORY_TIMEOUT_MS);
  const nc = await connectNats(target.servers, auth, 'tickdeck-replay', gaveUp).catch(() => {
    throw new Error(`${where}: no NATS server answered in ${HISTORY_TIMEOUT_MS / 1000} s`);
  });
  try {
    return await copy(nc, target, dir, natsNames(subjectPrefix, target.source), where);
  } finally {
    await nc.close();
  }
}

async function copy(
  nc: NatsConnection,
  target: NatsReplayTarget,
  dir: string,
  names: ReturnType<typeof natsNames>,
  where: string,
): Promise<NatsHistory> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(names.stream).catch(() => {
    throw new Error(`${where}: no stored history (stream ${names.stream} not found)`);
  });
  const last = info.state.last_seq;
  if (info.state.messages === 0) throw new Error(`${where}: the stored history is empty`);
  const bucket = await new Kvm(nc).open(names.bucket);
  let hello = '';
  const stored = await readStoredHello(bucket, new HelloAssembly(), (h) => (hello = h));
  if (stored.kind === 'none') throw new Error(`${where}: no stored hello`);
  if (stored.kind === 'refused')
    throw new Error(`${where}: the stored hello is refused: ${stored.error}`);

  // Created at the first message: the recording starts when its history does.
  let writer: RecordingWriter | null = null;
  let messages = 0;
  let firstAt = NaN;
  let lastAt = NaN;
  let truncated = false;
  try {
    const consumer = await jetstream(nc).consumers.get(names.stream, {
      deliver_policy: DeliverPolicy.All,
    });
    const iterator = await consumer.consume({ max_messages: 1_000 });
    // A server that stops answering mid-copy must not hold the replay open forever.
    let lastReadAt = Date.now();
    const idle = setInterval(() => {
      if (Date.now() - lastReadAt > HISTORY_TIMEOUT_MS) iterator.stop();
    }, 1_000);
    try {
      for await (const m of iterator) {
        lastReadAt = Date.now();
        const at = Math.floor(m.info.timestampNanos / NS_PER_MS);
        if (target.toMs !== null && at > target.toMs) break;
        if (writer === null) {
          firstAt = at;
          writer = await RecordingWriter.create({ dir, source: where, now: () => at });
          writer.write(hello, at);
        }
        writer.write(m.string(), at);
        lastAt = at;
        if (++messages >= MAX_HISTORY_MESSAGES) {
          truncated = m.seq < last;
          break;
        }
        if (m.seq >= last) break;
      }
    } finally {
      clearInterval(idle);
      await iterator.close();
    }
  } finally {
    await writer?.close();
  }
  if (messages === 0) throw new Error(`${where}: no stored message before "to"`);
  if (target.fromMs !== null && target.fromMs > lastAt)
    throw new Error(`${where}: "from" is after the last stored message`);
  return { messages, firstAt, lastAt, truncated };
}
