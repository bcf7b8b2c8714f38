import { describe, expect, it, vi } from 'vitest';
import { crashRecovery } from './crash-recovery';

function actions(choice: 'reload' | 'quit' = 'reload') {
  return {
    reload: vi.fn(),
    ask: vi.fn(async (_message: string, _detail: string) => choice),
    quit: vi.fn(),
    notify: vi.fn(),
  };
}

describe('crash recovery', () => {
  it('reloads the page by itself after the first crash, with a notice saying so', async () => {
    const a = actions();
    await crashRecovery(a)('oom');
    expect(a.reload).toHaveBeenCalledTimes(1);
    expect(a.ask).not.toHaveBeenCalled();
    expect(a.notify).toHaveBeenCalledWith({
      level: 'warning',
      message:
        'The dashboard ran out of memory and was reloaded. The feed and any recording kept running.',
    });
  });

  it('asks from the second crash on, and reloads or quits as the user chooses', async () => {
    const reloading = actions('reload');
    const onCrash = crashRecovery(reloading);
    await onCrash('crashed');
    await onCrash('crashed');
    expect(reloading.ask).toHaveBeenCalledWith(
      'The dashboard crashed again.',
      expect.stringMatching(/still running/),
    );
    expect(reloading.reload).toHaveBeenCalledTimes(2);
    await onCrash('killed');
    expect(reloading.ask).toHaveBeenCalledTimes(2);

    const quitting = actions('quit');
    const onCrashQuit = crashRecovery(quitting);
    await onCrashQuit('crashed');
    await onCrashQuit('abnormal-exit');
    expect(quitting.ask.mock.calls[0]![0]).toBe('The dashboard stopped (abnormal-exit) again.');
    expect(quitting.quit).toHaveBeenCalledTimes(1);
    expect(quitting.reload).toHaveBeenCalledTimes(1);
  });
});
