import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { onFreePorts, PORT_ATTEMPTS, startNatsServer, type OwnedNatsServer } from './nats-server';

const TAKEN = new Error(
  'nats-server exited at start:\nError listening on port: address already in use',
);

/** A start that fails with `errors` in turn, then returns 'up'; how many times it was called. */
function starter(errors: Error[]) {
  const calls = { n: 0 };
  const start = async () => {
    const error = errors[calls.n++];
    if (error) throw error;
    return 'up';
  };
  return { start, calls };
}

describe('onFreePorts', () => {
  it('starts again on fresh ports when a port was taken before the server bound it', async () => {
    const { start, calls } = starter([TAKEN, TAKEN]);
    await expect(onFreePorts(start)).resolves.toBe('up');
    expect(calls.n).toBe(3);
  });

  it(`gives up after ${PORT_ATTEMPTS} attempts, with the last error`, async () => {
    const { start, calls } = starter(Array.from({ length: PORT_ATTEMPTS }, () => TAKEN));
    await expect(onFreePorts(start)).rejects.toBe(TAKEN);
    expect(calls.n).toBe(PORT_ATTEMPTS);
  });

  it('does not retry any other failure', async () => {
    const other = new Error('nats-server exited at start:\nbad config');
    const { start, calls } = starter([other]);
    await expect(onFreePorts(start)).rejects.toBe(other);
    expect(calls.n).toBe(1);
  });
});

describe('a server restarted on its port', () => {
  let server: OwnedNatsServer | undefined;
  afterEach(async () => {
    await server?.dispose();
  });

  it('waits for the port while another process holds it after the kill, then starts', async () => {
    server = await startNatsServer();
    await server.kill();
    // Another test's socket on the port, gone a moment later (CI, 7 Dec: the restart failed).
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(server!.port, '127.0.0.1', resolve));
    const heldAt = Date.now();
    setTimeout(() => holder.close(), 700);
    await server.restart();
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(650);
    expect(server.pid).toBeGreaterThan(0);
  }, 30_000);
});
