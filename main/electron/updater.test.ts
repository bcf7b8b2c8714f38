import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Updater } from './updater';
import { MAX_UPDATE_REASON_CHARS, checkForUpdates } from './updater';

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

  it('reports a failed check once, though electron-updater both emits it and throws it', async () => {
    // As AppUpdater.checkForUpdates does: emit('error', e, …), then rethrow e.
    const updater = fakeUpdater(async () => {
      const err = new Error('net::ERR_NAME_NOT_RESOLVED');
      updater.emit('error', err, `Cannot check for updates: ${err.stack}`);
      throw err;
    });
    const notify = vi.fn();
    await checkForUpdates({ isPackaged: true, load: () => updater, notify });
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('shows the first line of a failure, bounded, when the feed answers megabytes of garbage', async () => {
    const notify = vi.fn();
    const failWith = (err: Error) =>
      checkForUpdates({
        isPackaged: true,
        load: () =>
          fakeUpdater(async () => {
            throw err;
          }),
        notify,
      });
    // What electron-updater's parseUpdateInfo throws: the YAML error's stack, then the body.
    const firstLine =
      'Cannot parse update info from latest.yml in the latest release artifacts (https://example.invalid/latest.yml): YAMLException: end of the stream or a document separator is expected (1:9)';
    await failWith(
      new Error(`${firstLine}\n    at generateError (js-yaml.js:1:1), rawData: ${'x'.repeat(4e6)}`),
    );
    expect(notify).toHaveBeenLastCalledWith({
      level: 'warning',
      message: `Could not check for updates: ${firstLine}`,
    });
    await failWith(new Error(`HttpError: 500 ${'y'.repeat(4e6)}`));
    const { message } = notify.mock.lastCall![0] as { message: string };
    expect(message).toBe(
      `Could not check for updates: HttpError: 500 ${'y'.repeat(MAX_UPDATE_REASON_CHARS - 15)}…`,
    );
  });
});
