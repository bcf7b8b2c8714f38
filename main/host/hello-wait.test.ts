import { afterEach, describe, expect, it, vi } from 'vitest';
import { HelloWait, OPEN_TIMEOUT_MS } from './hello-wait';

describe('HelloWait', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves when the hello arrives, and a later arrival or cancel changes nothing', async () => {
    const hello = new HelloWait();
    const waiting = hello.wait('/rec/a');
    hello.arrived();
    await expect(waiting).resolves.toBeUndefined();
    hello.cancel(new Error('too late'));
    hello.arrived();
  });

  it('rejects with the reason it was cancelled', async () => {
    const hello = new HelloWait();
    const waiting = hello.wait('/rec/a');
    hello.cancel(new Error('/rec/a: not opened: cancelled by a later open or close'));
    await expect(waiting).rejects.toThrow('cancelled by a later open or close');
  });

  it('gives up after OPEN_TIMEOUT_MS, naming the folder, and not before', async () => {
    vi.useFakeTimers();
    const hello = new HelloWait();
    const settled = vi.fn();
    const waiting = hello.wait('/rec/a');
    waiting.then(settled, settled);
    await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT_MS - 1);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(waiting).rejects.toThrow(
      `/rec/a: the replay did not start within ${OPEN_TIMEOUT_MS} ms`,
    );
    hello.arrived(); // nothing waits any more
  });
});
