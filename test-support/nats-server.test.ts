import { describe, expect, it } from 'vitest';
import { onFreePorts, PORT_ATTEMPTS } from './nats-server';

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
