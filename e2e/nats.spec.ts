/**
 * A desk sharing one feed over NATS, end to end: a real nats-server, the relay run as users run
 * it (`npm run relay -- --source sim --nats nats://127.0.0.1:<port>`), and the browser mode on
 * `--feed nats://127.0.0.1:<port>/sim` in headless Chromium. The dashboard fills with the
 * simulator's instruments; once the relay stops, every price shown is the one the relay stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../protocol/feed';
import { natsNames, stateKey } from '../protocol/nats';
import { useNatsServers } from '../test-support/nats-server';
import { launchChromium } from './support/chromium';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The simulator's default instrument count (the relay runs it with its defaults). */
const INSTRUMENTS = 20;

const nats = useNatsServers();

function startRelay(url: string): { child: ChildProcess; output: () => string } {
  // Its own process group, so the signal reaches the relay under npm and tsx.
  const child = spawn('npm', ['run', 'relay', '--', '--source', 'sim', '--nats', url], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid!, signal);
  return exited;
}

describe('NATS: relay to browser mode', () => {
  it('shows the dashboard from a relayed simulator, with the prices the relay stored', async () => {
    const server = await nats.start();
    const settings = join(tmpdir(), `tickdeck-e2e-nats-${process.pid}.json`);
    const relay = startRelay(server.url);
    let web: WebHostProcess | undefined;
    let browser: Browser | undefined;
    try {
      await expect.poll(relay.output, { timeout: 60_000 }).toContain('relaying;');
      web = await startWebHostProcess(['--settings', settings, '--feed', `${server.url}/sim`]);
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(web.url);
      const state = () =>
        page.getByTestId('connection-status').getAttribute('data-state', { timeout: 5_000 });
      await expect.poll(state, { timeout: 30_000 }).toBe('live');
      const rows = page.locator('[data-testid^="watchlist-row-"]');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(INSTRUMENTS);
      await expect
        .poll(() => page.locator('footer.health .source').innerText(), { timeout: 10_000 })
        .toContain(`NATS 127.0.0.1:${server.port}`);

      // Stop the relay (it stores its final states on the way out): the prices freeze.
      await stopGroup(relay.child, 'SIGINT');
      const nc = await connect({ servers: server.url });
      try {
        const kv = await new Kvm(nc).open(natsNames('tickdeck', 'sim').bucket);
        await expect.poll(state, { timeout: 20_000 }).not.toBe('live');
        for (let i = 0; i < INSTRUMENTS; i++) {
          const row = rows.nth(i);
          const id = (await row.getAttribute('data-testid'))!.replace('watchlist-row-', '');
          const entry = await kv.get(stateKey(id));
          const stored = JSON.parse(entry!.string()) as SnapshotMessage;
          if (stored.state.kind !== 'market') throw new Error(`${id} is not a market`);
          const last = stored.state.last;
          const shown = async () => {
            const text = await row.locator('td.last').innerText();
            return text.replace(/[^0-9.-]/g, '');
          };
          await expect
            .poll(
              async () => {
                const s = await shown();
                const decimals = s.split('.')[1]?.length ?? 0;
                return s === last.toFixed(decimals);
              },
              { timeout: 10_000, message: `${id}: stored last ${last}` },
            )
            .toBe(true);
        }
      } finally {
        await nc.close();
      }

      // bug 236: each reconnect over the dead relay serves its stored states again; Details
      // read them as tick→pixel, the data's age (9.6–20 s), for as long as the relay stayed
      // away. Over 12 s, two reconnects or more, no frame draws a tick: no figure.
      await page.getByRole('button', { name: 'Details ▸' }).click();
      const pixel = page.locator('footer.health .item', { hasText: 'tick→pixel' }).locator('.v');
      // The figure is over the frames of the last 5 s: past those drawn while it was live.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const seen: string[] = [];
      for (const end = Date.now() + 12_000; Date.now() < end;) {
        seen.push(await pixel.innerText());
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const worst = Math.max(
        ...seen.map(
          (text) => Number(text.replace(/,/g, '').split('/')[1]!.replace(/ ms$/, '')) || 0,
        ),
      );
      expect(worst, seen.join(' | ')).toBeLessThan(2_000);
    } finally {
      await browser?.close();
      await web?.stop();
      await stopGroup(relay.child, 'SIGKILL').catch(() => undefined);
      await rm(settings, { force: true });
    }
  }, 180_000);
});
