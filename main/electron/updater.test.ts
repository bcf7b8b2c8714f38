import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Updater } from './updater';
import { checkForUpdates } from './updater';

function fakeUpdater(check: () => Promise<null>) {
  return Object.assign(new EventEmitter(), {
    checkForUpdatesAndNotify: vi.fn(check),
  }) as unknown as Updater & EventEmitter & { checkForUpdatesAndNotify: ReturnType<typeof vi.fn> };
}

describe('checkForUpdates', () => {
  it('never loads or runs the updater in development', async () => {
    const load = vi.fn(() => fakeUpdater(async () => null));
    await checkForUpdates({ isPackaged: false, load, notify: vi.fn() });
    expect(load).not.toHaveBeenCalled();
  });

  it('checks once in a packaged build', async () => {
    const updater = fakeUpdater(async () => null);
    const notify = vi.fn();
    await checkForUpdates({ isPackaged: true, load: () => updater, notify });
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
    expect(notify).not.toHaveBeenCalled();
  });

  it('shows a failed check as a notice instead of throwing', async () => {
    const updater = fakeUpdater(async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    });
    const notify = vi.fn();
    await expect(
      checkForUpdates({ isPackaged: true, load: () => updater, notify }),
    ).resolves.toBeUndefined();
    expect(notify).toHaveBeenCalledWith({
      level: 'warning',
      message: 'Could not check for updates: net::ERR_INTERNET_DISCONNECTED',
    });
  });

  it('reports later download errors and a failing loader the same way', async () => {
    const updater = fakeUpdater(async () => null);
    const notify = vi.fn();
    await checkForUpdates({ isPackaged: true, load: () => updater, notify });
    updater.emit('error', new Error('sha512 checksum mismatch'));
    expect(notify).toHaveBeenLastCalledWith(
      expect.objectContaining({ message: 'Could not check for updates: sha512 checksum mismatch' }),
    );
    const broken = () => {
      throw new Error('app-update.yml missing');
    };
    await checkForUpdates({ isPackaged: true, load: broken, notify });
    expect(notify).toHaveBeenLastCalledWith(
      expect.objectContaining({ message: 'Could not check for updates: app-update.yml missing' }),
    );
  });
});
