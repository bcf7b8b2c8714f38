/**
 * The relay in a child process for bench/nats-cluster-kill.bench.ts, with an audit the product
 * CLI does not have: every live message the stream acknowledged is written to a file as
 * `<stream seq> <sha1 of the payload, base64>`, so the bench can check afterwards that each one
 * is in the stream at that sequence, byte for byte (a digest keeps the file small at 50k
 * ticks/s). Bench support only; the product relay is relay/main.ts.
 *
 *   node --import tsx bench/cluster-relay-process.ts <source ws://...> <nats urls, comma> <name> <ack file>
 *
 * Prints `relaying` once publishing, then one `status <json>` line a second; `stopped <reason>`
 * if the relay stopped on its own (lock lost). On the stdin line `close` it closes (waiting for
 * the last acks), flushes the file, prints `closed <json status>` and exits 0.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { startRelayOnCluster } from '../test-support/nats-cluster';

/** How often the status line is printed, ms. */
const STATUS_INTERVAL_MS = 1_000;

const [source, urls, name, ackFile] = process.argv.slice(2);
if (!source || !urls || !name || !ackFile) {
  console.error('usage: cluster-relay-process <source> <nats urls, comma> <name> <ack file>');
  process.exit(2);
}

const acks = createWriteStream(ackFile);
const running = await startRelayOnCluster({
  source,
  name,
  servers: urls.split(','),
  auth: {},
  subjectPrefix: 'tickdeck',
  retention: { maxAgeMs: 600_000, maxBytes: 1024 ** 3, replicas: 3 },
  onStreamAck: (seq, _subject, payload) => {
    acks.write(`${seq} ${createHash('sha1').update(payload).digest('base64')}\n`);
  },
});
void running.stopped.then((reason) => console.log(`stopped ${reason}`));
console.log('relaying');
const timer = setInterval(
  () => console.log(`status ${JSON.stringify(running.status())}`),
  STATUS_INTERVAL_MS,
);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'close') return;
  clearInterval(timer);
  void (async () => {
    await running.close();
    await new Promise<void>((resolve) => acks.end(resolve));
    console.log(`closed ${JSON.stringify(running.status())}`);
    process.exit(0);
  })();
});
