// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageTabHost } from './popout-tab-host';

afterEach(() => vi.restoreAllMocks());

describe('pageTabHost', () => {
  it('names the page without its fragment, keeps its session, and opens tabs without opener', () => {
    history.replaceState(null, '', '/index.html?token=abc#/chart/BTC');
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const host = pageTabHost();
    expect(host.pageUrl).toBe(`${location.origin}/index.html?token=abc`);
    // The session is the one the page keeps, so a reload finds its tabs again.
    const kept = Array.from({ length: sessionStorage.length }, (_, i) =>
      sessionStorage.getItem(sessionStorage.key(i)!),
    );
    expect(kept).toContain(host.session);
    host.open('http://127.0.0.1/x#panel');
    expect(open).toHaveBeenCalledWith('http://127.0.0.1/x#panel', '_blank', 'noopener');
  });
});
