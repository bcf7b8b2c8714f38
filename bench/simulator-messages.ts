/**
 * What the benches that capture a simulator's frames share: subscribe to every instrument and
 * read its messages until the reader has enough.
 */
import WebSocket from 'ws';

/**
 * Subscribes to every instrument of the simulator at `url` and hands each message (its text
 * and bytes) to `read` until `read` returns true, then closes. A throw from `read` rejects.
 */
export async function readSimulator(
  url: string,
  read: (text: string, data: Buffer) => boolean,
): Promise<void> {
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((done, fail) => {
      socket.on('error', fail);
      socket.on('open', () =>
        socket.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] })),
      );
      socket.on('message', (data: Buffer) => {
        try {
          if (read(data.toString(), data)) done();
        } catch (err) {
          fail(err as Error);
        }
      });
    });
  } finally {
    socket.close();
  }
}
