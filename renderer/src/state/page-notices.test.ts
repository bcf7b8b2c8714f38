import { describe, expect, it } from 'vitest';
import { MAX_NOTICES, PageNotices } from './page-notices.svelte';

describe('PageNotices', () => {
  it('keeps an earlier message when a later one comes', () => {
    const notices = new PageNotices();
    notices.show({ level: 'warning', message: 'Settings file could not be read' });
    notices.show({ level: 'error', message: 'Could not open the recording' });
    expect(notices.list.map((n) => n.message)).toEqual([
      'Settings file could not be read',
      'Could not open the recording',
    ]);
  });

  it('shows a repeated message once, as the newest', () => {
    const notices = new PageNotices();
    notices.show({ level: 'error', message: 'a' });
    notices.show({ level: 'error', message: 'b' });
    notices.show({ level: 'error', message: 'a' });
    expect(notices.list.map((n) => n.message)).toEqual(['b', 'a']);
  });

  it('keeps the newest few when messages keep coming', () => {
    const notices = new PageNotices();
    for (let i = 0; i < MAX_NOTICES + 3; i++) notices.show({ level: 'error', message: `m${i}` });
    expect(notices.list.map((n) => n.message)).toEqual(
      Array.from({ length: MAX_NOTICES }, (_, k) => `m${k + 3}`),
    );
  });

  it('dismisses one message, and clears only the ones about a subject', () => {
    const notices = new PageNotices();
    const settings = { level: 'warning', message: 'settings' } as const;
    notices.show(settings);
    notices.show({ level: 'error', message: 'open failed', about: 'replay' });
    notices.show({ level: 'info', message: 'saved', about: 'replay' });
    notices.clear('replay');
    expect(notices.list).toEqual([settings]);
    notices.dismiss(settings);
    expect(notices.list).toEqual([]);
  });
});
