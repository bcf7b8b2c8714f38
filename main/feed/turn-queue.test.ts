import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test-support/batch-view';
import { TurnQueue } from './turn-queue';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A real loopback socket pair: data written on one end is I/O the loop polls for. */
async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const accepted = once(server, 'connection');
  const writer = connect(port, '127.0.0.1');
  await once(writer, 'connect');
  const [reader] = (await accepted) as [Socket];
  closers.push(() => {
    writer.destroy();
    reader.destroy();
    server.close();
  });
  return { writer, reader };
}

describe('a turn queue', () => {
  it('sends what was pushed, in order, one item per turn', async () => {
    const sent: number[] = [];
    const queue = new TurnQueue<number>((n) => sent.push(n));
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(sent).toEqual([]); // not in the task that pushed
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([1]);
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([1, 2, 3]);
  });

  it('lets data waiting on a socket be read between two items, not after both', async () => {
    const { writer, reader } = await socketPair();
    const order: string[] = [];
    reader.on('data', () => order.push('frame'));
    const queue = new TurnQueue<string>((item) => {
      order.push(item);
      // The frame arrives while the first item is being sent (as a tick does during a post).
      if (item === 'batch 1') {
        writer.write('x');
        const until = Date.now() + 30;
        while (Date.now() < until); // the post's clone, long enough for the bytes to land
      }
    });
    queue.push('batch 1');
    queue.push('batch 2');
    // On a loaded machine the loop may come round late: wait for all three, not a fixed time.
    await until(() => order.length === 3, 5_000);
    expect(order).toEqual(['batch 1', 'frame', 'batch 2']);
  });
});
