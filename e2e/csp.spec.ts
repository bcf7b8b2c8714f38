/**
 * The Content-Security-Policy of the built page (`out/renderer/index.html`, built by
 * `npm run test:e2e`): the meta tag says what the response headers of both hosts say (Electron's
 * app:// protocol and the browser mode), the built markup needs nothing the policy forbids, and
 * Chromium enforces it on that page: injected inline script and eval are refused.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../main/electron/app-protocol';
import { WEB_CSP, startWebHost, type WebHost } from '../main/web/web-host';
import { launchChromium } from './support/chromium';

const RENDERER = fileURLToPath(new URL('../out/renderer/', import.meta.url));
const html = readFileSync(`${RENDERER}index.html`, 'utf8');

/** Directives as a map, so order and spacing do not matter. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.sort().join(' ')];
      }),
  );
}

const metaPolicy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(
  html,
)?.[1];

describe('CSP of the built page', () => {
  it('has a meta policy equal to the header policies (frame-ancestors is header-only)', () => {
    expect(metaPolicy).toBeDefined();
    const meta = directives(metaPolicy!);
    const electron = directives(contentSecurityPolicy(null));
    const web = directives(WEB_CSP);
    expect(web).toEqual(electron);
    // A meta tag cannot carry frame-ancestors (browsers ignore it there): the header does.
    expect(electron.get('frame-ancestors')).toBe("'none'");
    electron.delete('frame-ancestors');
    expect(meta).toEqual(electron);
    expect(metaPolicy).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:.*script|https?:/);
  });

  it('needs nothing the policy forbids: no inline script, style or handlers, assets only', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/assets\/[\w.-]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
    const assets = readdirSync(`${RENDERER}assets`);
    for (const ref of html.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g))
      expect(assets).toContain(ref[1]);
  });

  describe('enforced by Chromium on the built page', () => {
    let web: WebHost;
    let browser: Browser;
    let page: Page;
    const violations: string[] = [];

    beforeAll(async () => {
      // No engine behind it: the page loads, finds no data, and that is enough for its policy.
      web = await startWebHost({
        port: 0,
        rendererDir: RENDERER,
        appHost: {
          invoke: async () => ({ ok: false, error: 'no host in this test' }),
          attach: (send) => {
            void send;
            return { ack() {}, declareInterest() {}, detach() {} };
          },
          onEvent: () => () => {},
        },
      });
      browser = await launchChromium();
      page = await browser.newPage();
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
        window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));`);
      await page.goto(web.url);
      await page.waitForLoadState('networkidle');
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await web?.close();
    });

    it('loads its own bundle without a single violation', () => {
      expect(violations).toEqual([]);
    });

    // (eval cannot be tried from here: DevTools evaluation is exempt from CSP; the policy
    // has no 'unsafe-eval' and the bundle loaded without a violation, which is what matters.)
    it('refuses injected inline script, foreign scripts and foreign connections', async () => {
      const result = await page.evaluate(`(async () => {
        window.__ran = 0;
        const inline = document.createElement('script');
        inline.textContent = 'window.__ran++';
        document.head.appendChild(inline);
        const foreign = document.createElement('script');
        foreign.src = 'data:text/javascript,window.__ran++';
        const loaded = new Promise((r) => { foreign.onload = () => r('loaded'); foreign.onerror = () => r('blocked'); });
        document.head.appendChild(foreign);
        let fetchBlocked = false;
        try { await fetch('http://127.0.0.1:9/'); } catch { fetchBlocked = true; }
        return { ran: window.__ran, foreign: await loaded, fetchBlocked };
      })()`);
      expect(result).toEqual({ ran: 0, foreign: 'blocked', fetchBlocked: true });
      await expect.poll(() => violations.join('\n')).toMatch(/script-src/);
      expect(violations.join('\n')).toMatch(/connect-src/);
    });
  });
});
