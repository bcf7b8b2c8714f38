import { describe, expect, it } from 'vitest';
import {
  callChannelName,
  pageSession,
  readCall,
  readOrder,
  readReport,
  sessionOf,
  sessionSuffix,
  withSession,
} from './popout-channel';

const SESSION = '0f8e4a52-1111-4a5b-9c1d-2e3f4a5b6c7d';
const TAB = '9d2b7c61-4444-4e8f-a0b1-c2d3e4f5a6b7';

describe('the pop-out channel’s contract', () => {
  it('reads the session a pop-out’s fragment names, and refuses a bad one', () => {
    expect(sessionOf(`#panel=alerts${sessionSuffix(SESSION)}`)).toBe(SESSION);
    expect(sessionOf('#panel=alerts')).toBeNull();
    expect(sessionOf('#panel=alerts&session=short')).toBeNull();
    expect(sessionOf('#panel=alerts&session=a%20b%20c%20d%20e')).toBeNull();
    expect(() => sessionSuffix('x&panel=sports')).toThrow(/pop-out session: expected an id/);
  });

  it('keeps a main page’s session across a reload only, not into a duplicated tab', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(pageSession(storage, 'navigate', () => SESSION)).toBe(SESSION);
    expect(pageSession(storage, 'reload', () => 'ffffffff-other')).toBe(SESSION);
    // A duplicated or restored tab carries a copy of the storage, but is a page of its own.
    expect(pageSession(storage, 'back_forward', () => 'eeeeeeee-copy')).toBe('eeeeeeee-copy');
    expect(pageSession(storage, 'reload', () => 'ffffffff-other')).toBe('eeeeeeee-copy');
    store.set('tickdeck-popout-session', '<bad>');
    expect(pageSession(storage, 'reload', () => 'ffffffff-other')).toBe('ffffffff-other');
  });

  it('reads a report into a fresh object with its bounds, and an order only for its panel', () => {
    const window = {
      panel: { panel: 'sports', extra: 1 },
      bounds: { x: -5, y: 0, width: 100, height: 16_384 },
      displayId: null,
    };
    expect(readReport({ kind: 'beat', window, tab: TAB, more: 'ignored' })).toEqual({
      kind: 'beat',
      window: { panel: { panel: 'sports' }, bounds: window.bounds, displayId: null },
      tab: TAB,
    });
    const wide = { ...window, bounds: { ...window.bounds, width: 99 } };
    expect(readReport({ kind: 'beat', window: wide, tab: TAB })).toBeNull();
    // A report names its tab, so that a second tab of the panel is told apart.
    expect(readReport({ kind: 'beat', window })).toBeNull();
    expect(readReport({ kind: 'beat', window, tab: 'x&y' })).toBeNull();
    const sports = { panel: 'sports' } as const;
    expect(readOrder({ kind: 'close', panel: { panel: 'sports' } }, sports, TAB)).toEqual({
      kind: 'close',
      panel: { panel: 'sports' },
    });
    expect(readOrder({ kind: 'close', panel: { panel: 'alerts' } }, sports, TAB)).toBeNull();
    expect(readOrder({ kind: 'hello', panel: { panel: 'sports' } }, sports, TAB)).toBeNull();
    expect(readOrder({ kind: 'duplicate', tab: TAB }, sports, TAB)).toEqual({
      kind: 'duplicate',
      tab: TAB,
    });
    expect(readOrder({ kind: 'duplicate', tab: SESSION }, sports, TAB)).toBeNull();
  });

  it('names a host’s call channel by its token alone, without the token', () => {
    const name = callChannelName('http://127.0.0.1:5180/?token=abc');
    expect(name).toMatch(/^tickdeck-popout-calls-[0-9a-f]{8}$/);
    expect(name).not.toContain('abc');
    expect(callChannelName('http://127.0.0.1:5180/index.html?x=1&token=abc')).toBe(name);
    expect(callChannelName('http://127.0.0.1:5180/?token=abd')).not.toBe(name);
  });

  it('reads a call and the page’s word of itself, and moves a fragment to another session', () => {
    expect(readCall({ kind: 'call', session: SESSION })).toEqual({
      kind: 'call',
      session: SESSION,
    });
    expect(readCall({ kind: 'call', session: 'x&y' })).toBeNull();
    expect(readCall({ kind: 'hello', session: SESSION })).toBeNull();
    expect(readOrder({ kind: 'here', panel: 'ignored' }, { panel: 'sports' }, TAB)).toEqual({
      kind: 'here',
    });
    expect(readOrder({ kind: 'gone' }, { panel: 'sports' }, TAB)).toEqual({ kind: 'gone' });
    const other = 'a7c3e9d1-2222-4b6c-8d0e-1f2a3b4c5d6e';
    expect(withSession(`#panel=alerts${sessionSuffix(SESSION)}`, other)).toBe(
      `#panel=alerts&session=${other}`,
    );
    expect(withSession('#panel=alerts', other)).toBe(`#panel=alerts&session=${other}`);
  });
});
