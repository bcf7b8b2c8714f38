import { execFileSync, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dialog } from 'electron';
import type { AppHost } from '../host/host';
import { createAppHost } from '../host/host';
import { workspaceDialogs } from './workspace-dialogs';

let dir: string;
let host: AppHost;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-ws-dialogs-'));
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 100, heartbeatMs: 100 },
    recordingsDir: join(dir, 'recordings'),
  });
  await host.invoke('settings:update', [{ chartGrid: 6 }]);
  await host.invoke('workspace:save', ['Desk', false]);
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('workspace dialogs', () => {
  it('exports to the path the user chose and imports it back under another name', async () => {
    const dialogs = workspaceDialogs(host, () => null);
    const path = join(dir, 'out.json');
    vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({ canceled: false, filePath: path });
    expect(await dialogs.exportWorkspace('Desk')).toEqual({ ok: true, value: path });
    const file = JSON.parse(await readFile(path, 'utf8')) as { name: string };
    expect(file).toMatchObject({ tickdeck: 'workspace', name: 'Desk', settings: { chartGrid: 6 } });

    await writeFile(path, JSON.stringify({ ...file, name: 'Copy' }));
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: false, filePaths: [path] });
    expect(await dialogs.importWorkspace()).toMatchObject({
      ok: true,
      value: { name: 'Copy', problems: [], workspaces: { names: ['Copy', 'Desk'] } },
    });
  });

  it('does nothing when a dialog is cancelled', async () => {
    const dialogs = workspaceDialogs(host, () => null);
    vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await dialogs.exportWorkspace('Desk')).toEqual({ ok: true, value: null });
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await dialogs.importWorkspace()).toEqual({ ok: true, value: null });
  });

  it('refuses an unreadable file with the reason and keeps the saved workspaces', async () => {
    const dialogs = workspaceDialogs(host, () => null);
    const path = join(dir, 'bad.json');
    await writeFile(path, 'not json');
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: false, filePaths: [path] });
    expect(await dialogs.importWorkspace()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^workspace not imported: file: not valid JSON/),
    });
    const missing = join(dir, 'gone.json');
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({
      canceled: false,
      filePaths: [missing],
    });
    expect(await dialogs.importWorkspace()).toMatchObject({ ok: false, error: /ENOENT/ });
    expect(await host.invoke('workspace:list', [])).toEqual({
      ok: true,
      value: { names: ['Desk'], current: 'Desk' },
    });
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a path that is not a file (a pipe, a device) without reading it',
    async () => {
      const dialogs = workspaceDialogs(host, () => null);
      // A pipe nobody writes to: reading it would wait forever (a device like /dev/zero never ends).
      const pipe = join(dir, 'pipe.json');
      execFileSync('mkfifo', [pipe]);
      vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({
        canceled: false,
        filePaths: [pipe],
      });
      try {
        expect(await dialogs.importWorkspace()).toEqual({
          ok: false,
          error: `workspace not imported: ${pipe} is not a file`,
        });
      } finally {
        // Frees a read that did start (the failure this guards against), so the test ends.
        await open(pipe, constants.O_WRONLY | constants.O_NONBLOCK)
          .then((w) => w.close())
          .catch(() => undefined);
      }
    },
    5_000,
  );

  it.skipIf(process.platform !== 'linux')(
    'reads no more than the bound of a file that states 0 bytes, and refuses it as too large',
    async () => {
      // /proc/<pid>/environ states 0 bytes, as /proc/<pid>/pagemap does, which reads on for
      // terabytes; a process with 3 MB of environment stands for it (a pagemap would fill
      // the memory of a read without the bound).
      const child = spawn(
        'sh',
        [
          '-c',
          'ulimit -s 65536; i=0; while [ $i -lt 30 ]; do export V$i=$(head -c 100000 /dev/zero | tr "\\0" x); i=$((i+1)); done; exec sleep 30',
        ],
        { stdio: 'ignore' },
      );
      try {
        const environ = `/proc/${child.pid}/environ`;
        await vi.waitFor(
          async () =>
            expect((await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).startsWith('sleep')).toBe(
              true,
            ),
          { timeout: 5_000 },
        );
        expect((await stat(environ)).size).toBe(0);
        const path = join(dir, 'desk.json');
        await symlink(environ, path);
        vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({
          canceled: false,
          filePaths: [path],
        });
        expect(await workspaceDialogs(host, () => null).importWorkspace()).toEqual({
          ok: false,
          error: `workspace not imported: ${path} is too large`,
        });
      } finally {
        child.kill();
      }
    },
    10_000,
  );
});
