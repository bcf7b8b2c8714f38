import type { Session, WebContents } from 'electron';
import { BrowserWindow, session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from './app-protocol';
import { hardenContents, hardenSession } from './hardening';

const fakeSession = session.defaultSession;
const CSP = contentSecurityPolicy();

function lastCallback<T extends (...args: never[]) => unknown>(fn: T) {
  return vi.mocked(fn).mock.calls.at(-1)![0] as unknown as (...args: unknown[]) => unknown;
}

describe('hardenSession', () => {
  hardenSession(fakeSession as unknown as Session, {
    rendererDir: '/app/out/renderer',
    csp: CSP,
    devServerUrl: null,
  });

  it('adds the CSP header to every response, keeping the others', () => {
    const onHeaders = lastCallback(fakeSession.webRequest.onHeadersReceived);
    const callback = vi.fn();
    onHeaders({ url: 'app://tickdeck/index.html', responseHeaders: { 'X-A': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [CSP] },
    });
  });

  it('blocks remote content and lets the app load its own pages', () => {
    const onRequest = lastCallback(fakeSession.webRequest.onBeforeRequest);
    const verdict = (url: string) => {
      const callback = vi.fn();
      onRequest({ url }, callback);
      return callback.mock.calls[0]![0];
    };
    expect(verdict('https://cdn.example.com/x.js')).toEqual({ cancel: true });
    expect(verdict('http://localhost:5173/')).toEqual({ cancel: true });
    expect(verdict('file:///etc/passwd')).toEqual({ cancel: true });
    expect(verdict('app://tickdeck/assets/index.js')).toEqual({ cancel: false });
  });

  it('denies every permission request and check', () => {
    const onRequest = lastCallback(fakeSession.setPermissionRequestHandler);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      onRequest({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(lastCallback(fakeSession.setPermissionCheckHandler)({}, 'clipboard-read')).toBe(false);
    expect(lastCallback(fakeSession.setDevicePermissionHandler)({})).toBe(false);
  });

  it('serves app:// from the built renderer', () => {
    expect(fakeSession.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('hardenContents', () => {
  const win = new BrowserWindow({});
  hardenContents(win.webContents as unknown as WebContents);

  it('denies navigation away from the page', () => {
    const event = { url: 'https://evil.example/', preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies subframe navigation and webviews', () => {
    const frame = { isMainFrame: false, preventDefault: vi.fn() };
    win.webContents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies window.open', () => {
    const handler = lastCallback(win.webContents.setWindowOpenHandler);
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});
