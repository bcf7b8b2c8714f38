import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type AlertRule } from '../../protocol/alerts';
import { parseAlertLine } from '../../protocol/alert-line';
import type { WebHostMessage } from '../../protocol/web';
import { MAX_WORKSPACE_FILE_CHARS } from '../../protocol/workspace';
import type { AppHost } from '../host/host';
import { createAppHost } from '../host/host';
import { startWebHost, type WebHost } from './web-host';

let dir: string;
let host: AppHost;
let web: WebHost;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-web-ws-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 100, heartbeatMs: 100 },
    recordingsDir: join(dir, 'recordings'),
  });
  web = await startWebHost({ port: 0, rendererDir: dir, appHost: host });
});
afterEach(async () => {
  await web.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

/** A workspace file of about `chars` characters: alert rules with long notes. */
function bigWorkspace(chars: number): string {
  const alerts: AlertRule[] = [];
  for (let i = 0; JSON.stringify(alerts).length < chars; i++) {
    const rule = parseAlertLine(`ACME above ${100 + i} note ${'é'.repeat(400)}`, {
      id: `r${i}`,
      now: 1,
    });
    if (!rule.ok) throw new Error(rule.error);
    alerts.push(rule.value);
  }
  return JSON.stringify({ tickdeck: 'workspace', version: 1, name: 'Big', settings: { alerts } });
}

/** Sends one command over the page socket and resolves with its result (or the close code). */
async function invokeOverSocket(
  channel: string,
  args: unknown[],
): Promise<WebHostMessage | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api?token=${web.token}`, {
    origin: `http://127.0.0.1:${web.port}`,
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as WebHostMessage;
        if (msg.type === 'result') resolve(msg);
      });
      ws.once('close', (code) => resolve(code));
      ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, args }));
    });
  } finally {
    ws.terminate();
  }
}

describe('a workspace import over the browser-mode page socket', () => {
  it('carries a file near the workspace bound, non-ASCII text included', async () => {
    const text = bigWorkspace(MAX_WORKSPACE_FILE_CHARS - 10_000);
    expect(text.length).toBeLessThanOrEqual(MAX_WORKSPACE_FILE_CHARS);
    const reply = await invokeOverSocket('workspace:import', [text]);
    expect(reply).toMatchObject({ type: 'result', ok: true, value: { name: 'Big', problems: [] } });
  });
});
