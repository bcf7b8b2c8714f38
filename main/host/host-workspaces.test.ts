import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAlertLine } from '../../protocol/alert-line';
import type { AlertsView } from '../../protocol/commands';
import type { Settings } from '../../protocol/ipc';
import type { WorkspaceImport, WorkspaceSwitch } from '../../protocol/workspace';
import { startSimulator } from '../../feed-simulator';
import type { Batch } from '../../protocol/batch';
import type { WorkspacesView } from '../../protocol/workspace';
import { until } from '../../test-support/batch-view';
import type { AppHost, HostOptions } from './host';
import { createAppHost } from './host';
import { invokeOk as ok } from '../../test-support/host-invoke';

let dir: string;
let host: AppHost | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-ws-'));
});
afterEach(async () => {
  await host?.close();
  host = null;
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<HostOptions> = {}): Promise<AppHost> {
  await host?.close();
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
    recordingsDir: join(dir, 'recordings'),
    ...options,
  });
  return host;
}

describe('workspaces in the host', () => {
  it('saves the layout in use, and switching brings it and its alert rules back', async () => {
    const h = await start();
    const rule = parseAlertLine('ACME above 100', { id: 'r1', now: 1 });
    if (!rule.ok) throw new Error(rule.error);
    await ok(h, 'settings:update', { chartGrid: 4, focused: ['ACME', 'GLBX'], theme: 'light' });
    await ok(h, 'alerts:save', rule.value);
    await ok(h, 'workspace:save', 'Desk', false);
    await ok(h, 'alerts:delete', 'r1');
    await ok(h, 'settings:update', { chartGrid: 1, focused: ['INIT'], theme: 'dark' });
    const switched = await ok<WorkspaceSwitch>(h, 'workspace:switch', 'Desk');
    expect(switched.settings).toMatchObject({ chartGrid: 4, focused: ['ACME', 'GLBX'] });
    // The theme is the machine's, not the workspace's.
    expect(switched.settings.theme).toBe('dark');
    expect(switched.workspaces).toEqual({ names: ['Desk'], current: 'Desk' });
    expect((await ok<AlertsView>(h, 'alerts:get')).rules.map((r) => r.id)).toEqual(['r1']);
  });

  it('two switches at once (two pages) leave the last one current, with its source connected', async () => {
    const other = await startSimulator({ port: 0, seed: 9, rate: 200, heartbeatMs: 100 });
    try {
      // Given in the settings file, so its address is the user's own choice.
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ feed: other.url }));
      const h = await start();
      await ok(h, 'workspace:save', 'Server', false);
      await ok(h, 'settings:update', { feed: null });
      await ok(h, 'workspace:save', 'Embedded', false);
      await ok(h, 'workspace:switch', 'Server');
      await Promise.all([
        ok(h, 'workspace:switch', 'Embedded'),
        ok(h, 'workspace:switch', 'Server'),
      ]);
      expect((await ok<WorkspacesView>(h, 'workspace:list')).current).toBe('Server');
      expect((await ok<Settings>(h, 'settings:get')).feed).toBe(other.url);
      let last: Batch | null = null;
      const consumer = h.attach((batch) => {
        last = batch;
        consumer.ack(batch.seq);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await until(() => last !== null);
      expect(last!.health.source.kind).toBe('url');
      consumer.detach();
    } finally {
      await host?.close();
      host = null;
      await other.close();
    }
  });

  it('a switch and the Source picker at once leave the saved source the one the engine is on', async () => {
    const SETTLE_MS = 2_000;
    const other = await startSimulator({ port: 0, seed: 9, rate: 200, heartbeatMs: 100 });
    try {
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ feed: other.url }));
      const h = await start();
      await ok(h, 'settings:update', { feed: null });
      await ok(h, 'workspace:save', 'Embedded', false);
      let last: Batch | null = null;
      const consumer = h.attach((batch) => {
        last = batch;
        consumer.ack(batch.seq);
      });
      // The engine's source as its batches say comes to the one saved: a lasting difference is
      // the defect (8 to 13 rounds of 20 before the switch joined the sources' queue), a batch
      // built before the last connect, read on a loaded machine, is not.
      const settlesOn = (kind: string) =>
        until(() => last?.health.source.kind === kind, SETTLE_MS).then(
          () => true,
          () => false,
        );
      const disagreed: number[] = [];
      // The picker connects the server while a switch to the workspace in use (the embedded
      // simulator) starts a little later each round: its decision not to reconnect was taken
      // on the sources before the picker's, whose save it then wrote over.
      for (let delayMs = 0; delayMs < 20; delayMs++) {
        await ok(h, 'feed:connect', null);
        // A write ahead in the settings queue, as the page's own changes often are.
        const busy = ok(h, 'settings:update', { chartGrid: 1 + (delayMs % 2) });
        const picked = ok(h, 'feed:connect', other.url);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await Promise.all([busy, picked, ok(h, 'workspace:switch', 'Embedded')]);
        const saved = (await ok<Settings>(h, 'settings:get')).feed === null ? 'embedded' : 'url';
        if (!(await settlesOn(saved))) disagreed.push(delayMs);
      }
      consumer.detach();
      expect(disagreed).toEqual([]);
    } finally {
      await host?.close();
      host = null;
      await other.close();
    }
  }, 90_000);

  it('carries the pop-out windows: saved with the workspace, back on switch and at start', async () => {
    const h = await start();
    const chart = {
      panel: { panel: 'chart', instrument: 'ACME' },
      bounds: { x: 1920, y: 40, width: 800, height: 500 },
      displayId: 2,
    } as const;
    const sports = {
      panel: { panel: 'sports' },
      bounds: { x: 100, y: 600, width: 600, height: 400 },
      displayId: 1,
    } as const;
    await h.saveWindows([chart, sports]);
    await ok(h, 'workspace:save', 'Desk', false);
    await h.saveWindows([]);
    await ok(h, 'workspace:save', 'Bare', false);
    const desk = await ok<WorkspaceSwitch>(h, 'workspace:switch', 'Desk');
    expect(desk.settings.windows).toEqual([chart, sports]);
    const bare = await ok<WorkspaceSwitch>(h, 'workspace:switch', 'Bare');
    expect(bare.settings.windows).toEqual([]);
    const again = await start({ workspace: 'Desk' });
    expect((await ok<Settings>(again, 'settings:get')).windows).toEqual([chart, sports]);
  });

  it("carries the main window's place: saved with the workspace, back on switch and at start", async () => {
    const h = await start();
    const desk = {
      bounds: { x: 1920, y: 0, width: 1600, height: 1000 },
      displayId: 2,
      maximized: true,
    };
    const laptop = {
      bounds: { x: 0, y: 0, width: 1280, height: 800 },
      displayId: 1,
      maximized: false,
    };
    await h.saveMainWindow(desk);
    await ok(h, 'workspace:save', 'Desk', false);
    await h.saveMainWindow(laptop);
    expect((await ok<Settings>(h, 'settings:get')).mainWindow).toEqual(laptop);
    const switched = await ok<WorkspaceSwitch>(h, 'workspace:switch', 'Desk');
    expect(switched.settings.mainWindow).toEqual(desk);
    await h.saveMainWindow(laptop);
    const again = await start({ workspace: 'Desk' });
    expect((await ok<Settings>(again, 'settings:get')).mainWindow).toEqual(desk);
  });

  it('announces the saved settings to every page when one changes them or switches workspace', async () => {
    const h = await start();
    const heard: Settings[] = [];
    h.onEvent((channel, payload) => {
      if (channel === 'settings:changed') heard.push(payload as Settings);
    });
    await ok(h, 'settings:update', { focused: ['GLBX'] });
    expect(heard.map((s) => s.focused)).toEqual([['GLBX']]);
    await ok(h, 'workspace:save', 'Desk', false);
    await ok(h, 'settings:update', { focused: ['ACME'], chartGrid: 1 });
    await ok(h, 'workspace:switch', 'Desk');
    expect(heard.at(-1)).toMatchObject({ focused: ['GLBX'], chartGrid: 2 });
    expect(heard.at(-1)).toEqual(await ok<Settings>(h, 'settings:get'));
  });

  it('starts in the workspace named by --workspace, saved as the settings', async () => {
    const h = await start();
    await ok(h, 'settings:update', { chartGrid: 6 });
    await ok(h, 'workspace:save', 'Six', false);
    await ok(h, 'settings:update', { chartGrid: 1 });
    const again = await start({ workspace: 'Six' });
    expect((await ok<Settings>(again, 'settings:get')).chartGrid).toBe(6);
    const file = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Settings;
    expect(file.chartGrid).toBe(6);
  });

  it('refuses an unknown --workspace, listing the saved ones', async () => {
    const h = await start();
    await ok(h, 'workspace:save', 'Desk', false);
    await h.close();
    host = null;
    await expect(start({ workspace: 'Nope' })).rejects.toThrow(
      '--workspace: no workspace named "Nope"; saved: "Desk"',
    );
  });

  it('exports a workspace and imports it back under its own name, reporting bad fields', async () => {
    const h = await start();
    await ok(h, 'settings:update', { chartGrid: 4 });
    await ok(h, 'workspace:save', 'Desk', false);
    const text = await ok<string>(h, 'workspace:export', 'Desk');
    const taken = await h.invoke('workspace:import', [text]);
    expect(taken).toEqual({
      ok: false,
      error: 'workspace not imported: a workspace named "Desk" already exists',
    });
    const file = JSON.parse(text) as { name: string; settings: Record<string, unknown> };
    file.name = 'Copy';
    file.settings.chartGrid = 3;
    const imported = await ok<WorkspaceImport>(h, 'workspace:import', JSON.stringify(file));
    expect(imported.name).toBe('Copy');
    expect(imported.problems).toEqual([expect.stringMatching(/^Copy: chartGrid/)]);
    expect(imported.workspaces.names).toEqual(['Copy', 'Desk']);
  });

  it('refuses an unreadable import whole and keeps the saved workspaces file as it was', async () => {
    const h = await start();
    await ok(h, 'workspace:save', 'Desk', false);
    const before = await readFile(join(dir, 'workspaces.json'), 'utf8');
    const reply = await h.invoke('workspace:import', ['{"tickdeck":"workspace"']);
    expect(reply).toMatchObject({
      ok: false,
      error: /workspace not imported: file: not valid JSON/,
    });
    expect(await readFile(join(dir, 'workspaces.json'), 'utf8')).toBe(before);
  });

  it('refuses in the browser mode a workspace whose feed address the user never chose', async () => {
    const h = await start();
    await ok(
      h,
      'workspace:import',
      JSON.stringify({
        tickdeck: 'workspace',
        version: 1,
        name: 'Elsewhere',
        settings: { feed: 'ws://127.0.0.1:1' },
      }),
    );
    const reply = await h.invoke('workspace:switch', ['Elsewhere']);
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('127.0.0.1:1') });
    expect((await ok<Settings>(h, 'settings:get')).feed).toBeNull();
  });
});
