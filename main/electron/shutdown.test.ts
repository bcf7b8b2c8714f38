import { app } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Fake from '../../test-support/electron-fake';
import { installShutdown } from './shutdown';

const fakeApp = app as unknown as typeof Fake.app;

describe('installShutdown', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    fakeApp.removeAllListeners();
  });

  it('holds the quit until the work is done, then quits once and lets that quit through', async () => {
    let finish = () => {};
    const work = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const shutdown = installShutdown(app, work);
    expect(shutdown.started()).toBe(false);
    const asked = { preventDefault: vi.fn() };
    fakeApp.emit('will-quit', asked);
    expect(asked.preventDefault).toHaveBeenCalled();
    expect(shutdown.started()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fakeApp.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalledTimes(1));
    const again = { preventDefault: vi.fn() };
    fakeApp.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs the work once however many ways the app is asked to end', async () => {
    const work = vi.fn(async () => {});
    const shutdown = installShutdown(app, work);
    const first = shutdown.run();
    expect(shutdown.run()).toBe(first);
    fakeApp.emit('will-quit', { preventDefault: vi.fn() });
    await first;
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('quits after the time is up when the work never ends', async () => {
    installShutdown(app, () => new Promise(() => {}), 30);
    fakeApp.emit('will-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalledTimes(1), { timeout: 1_000 });
  });

  it('quits, saying why, when the work fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    installShutdown(app, async () => Promise.reject(new Error('socket stuck')));
    fakeApp.emit('will-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalledTimes(1));
    expect(error).toHaveBeenCalledWith('Shutdown: socket stuck');
    error.mockRestore();
  });
});
