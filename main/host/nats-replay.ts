/**
 * `--replay nats://<servers>/<source>?from=&to=`: the source's stored history is copied into a
 * private temporary recording (main/feed/nats/nats-history.ts) and opened by the one replay
 * controller, with its range set to from..to, so every transport control works as on a local
 * recording. The copy is removed when the replay is done with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNatsReplayTarget } from '../../protocol/feed-target';
import { natsAuthFromEnv } from '../feed/nats/nats-connection';
import { copyNatsHistory } from '../feed/nats/nats-history';
import type { ReplayController } from './replay-controller';

/** An opened NATS replay: `remove` deletes its copy (after the replay is closed). */
export interface NatsReplayCopy {
  readonly dir: string;
  readonly truncated: boolean;
  remove(): Promise<void>;
}

/** Copies, opens and ranges the replay; rejects naming the problem (and leaves no copy). */
export async function openNatsReplay(
  replay: ReplayController,
  text: string,
): Promise<NatsReplayCopy> {
  const parsed = parseNatsReplayTarget(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const { target } = parsed;
  const parent = await mkdtemp(join(tmpdir(), 'tickdeck-nats-replay-'));
  const remove = () => rm(parent, { recursive: true, force: true });
  try {
    const dir = join(parent, target.source);
    const history = await copyNatsHistory(target, natsAuthFromEnv(), dir);
    const status = await replay.open(dir);
    const from = Math.max(status.start, target.fromMs ?? status.start);
    const to = Math.min(status.end, target.toMs ?? status.end);
    if (from > status.start || to < status.end) await replay.control({ action: 'range', from, to });
    return { dir, truncated: history.truncated, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
