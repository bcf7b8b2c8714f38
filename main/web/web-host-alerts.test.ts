import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AlertRule, AlertStatesChange } from '../../protocol/alerts';
import { parseAlertLine } from '../../protocol/alert-line';
import type { AlertsView } from '../../protocol/commands';
import type { WebHostMessage } from '../../protocol/web';
import { until } from '../../test-support/batch-view';
import type { AppHost } from '../host/host';
import { createAppHost } from '../host/host';
import { startWebHost, type WebHost } from './web-host';

/** Rules saved before the host starts: one short of the most there may be, so one can be added. */
const SAVED_RULES = 9_999;

function rule(line: string, id: string): AlertRule {
  const parsed = parseAlertLine(line, { id, now: 1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

let dir: string;
let host: AppHost;
let web: WebHost;
const sockets: WebSocket[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-web-alerts-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const alerts = Array.from({ length: SAVED_RULES }, (_, i) =>
    rule(`NOPE${i % 1_000} above ${i}`, `r${i}`),
  );
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ alerts }));
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 100, heartbeatMs: 100 },
  });
  web = await startWebHost({ port: 0, rendererDir: dir, appHost: host });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await web.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

/** A page's socket that counts the bytes of everything but batches (which it never acks). */
async function page() {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api?token=${web.token}`, {
    origin: `http://127.0.0.1:${web.port}`,
  });
  sockets.push(ws);
  const got: WebHostMessage[] = [];
  let bytes = 0;
  ws.on('message', (data) => {
    const text = String(data);
    const msg = JSON.parse(text) as WebHostMessage;
    if (msg.type === 'batch') return;
    bytes += Buffer.byteLength(text);
    got.push(msg);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  return {
    got,
    /** Bytes received since the last call. */
    take: () => {
      const n = bytes;
      bytes = 0;
      return n;
    },
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'invoke', id, channel, args }));
      await until(() => got.some((m) => m.type === 'result' && m.id === id), 20_000);
      const result = got.find((m) => m.type === 'result' && m.id === id)!;
      if (result.type !== 'result' || !result.ok) throw new Error(JSON.stringify(result));
      return result.value;
    },
  };
}

const changes = (p: Awaited<ReturnType<typeof page>>) =>
  p.got.flatMap((m) =>
    m.type === 'event' && m.channel === 'alert:states' ? [m.payload as AlertStatesChange] : [],
  );

describe('alert edits over the browser-mode page socket, 9,999 rules saved', () => {
  it('cost every page the rule it changed, not the whole view', async () => {
    const editor = await page();
    const other = await page();
    const view = (await editor.invoke('alerts:get')) as AlertsView;
    expect(view.rules).toHaveLength(SAVED_RULES);
    const viewBytes = editor.take();
    expect(viewBytes).toBeGreaterThan(1_000_000);
    other.take();

    const edited = { ...view.rules[1_234]!, enabled: false };
    const added = rule('NOPE7 below 3', 'added');
    for (const edit of [
      () => editor.invoke('alerts:save', edited),
      () => editor.invoke('alerts:save', added),
      () => editor.invoke('alerts:delete', 'r5'),
    ]) {
      const heard = changes(other).length;
      await edit();
      await until(() => changes(other).length > heard, 20_000);
      // A few hundred bytes each, where the view (and, before, each edit) was megabytes.
      expect(editor.take()).toBeLessThan(2_000);
      expect(other.take()).toBeLessThan(2_000);
    }
    expect(changes(other)).toEqual([
      {
        version: view.version + 1,
        states: { r1234: 'disabled' },
        put: [{ index: 1_234, rule: edited }],
        removed: [],
        logCleared: false,
      },
      {
        version: view.version + 2,
        states: { added: 'pending' },
        put: [{ index: SAVED_RULES, rule: added }],
        removed: [],
        logCleared: false,
      },
      {
        version: view.version + 3,
        states: {},
        put: [],
        removed: ['r5'],
        logCleared: false,
      },
    ]);
    expect(changes(editor)).toEqual(changes(other));
  }, 60_000);
});
