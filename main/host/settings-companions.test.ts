import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SHARED_ALERT_LOG_FILE,
  SHARED_WORKSPACES_FILE,
  adoptAlertLog,
  adoptWorkspaces,
  alertLogPathOf,
  workspacesPathOf,
} from './settings-companions';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tickdeck-log-path-'));
  dirs.push(dir);
  return dir;
}

describe('alertLogPathOf', () => {
  it('gives each settings file in a folder its own log, named after it (bug 135)', () => {
    expect(alertLogPathOf('/d/a.json')).toBe('/d/a.json.alerts-log.ndjson');
    expect(alertLogPathOf('/d/b.json')).toBe('/d/b.json.alerts-log.ndjson');
    expect(alertLogPathOf('/d/a')).toBe('/d/a.alerts-log.ndjson');
    expect(alertLogPathOf('/d/web-settings.json')).toBe('/d/web-settings.json.alerts-log.ndjson');
  });

  it("keeps the log the desktop app's default settings file has read so far", () => {
    expect(alertLogPathOf('/d/settings.json')).toBe(`/d/${SHARED_ALERT_LOG_FILE}`);
  });
});

describe('workspacesPathOf', () => {
  it('gives each settings file its own workspaces, the default one the shared name (bug 151)', () => {
    expect(workspacesPathOf('/d/b.json')).toBe('/d/b.json.workspaces.json');
    expect(workspacesPathOf('/d/settings.json')).toBe(`/d/${SHARED_WORKSPACES_FILE}`);
  });
});

describe('adoptWorkspaces', () => {
  it('copies the shared file once for a settings file in use before, none for a new one', async () => {
    const dir = await folder();
    await writeFile(join(dir, SHARED_WORKSPACES_FILE), '{"workspaces":[]}');
    await writeFile(join(dir, 'b.json'), '{}');
    const path = await adoptWorkspaces(join(dir, 'b.json'));
    expect(await readFile(path, 'utf8')).toBe('{"workspaces":[]}');
    await expect(readFile(await adoptWorkspaces(join(dir, 'n.json')), 'utf8')).rejects.toThrow(
      /ENOENT/,
    );
  });
});

describe('adoptAlertLog', () => {
  it('starts the log of a settings file in use before from a copy of the shared one, once', async () => {
    const dir = await folder();
    await writeFile(join(dir, SHARED_ALERT_LOG_FILE), 'before\n');
    await writeFile(join(dir, 'b.json'), '{}');
    const path = await adoptAlertLog(join(dir, 'b.json'));
    expect(path).toBe(join(dir, 'b.json.alerts-log.ndjson'));
    expect(await readFile(path, 'utf8')).toBe('before\n');
    // Its own from now on: the shared log goes on for settings.json, and is not copied again.
    await writeFile(join(dir, SHARED_ALERT_LOG_FILE), 'before\nlater\n');
    await writeFile(path, 'mine\n');
    await adoptAlertLog(join(dir, 'b.json'));
    expect(await readFile(path, 'utf8')).toBe('mine\n');
    expect(await readFile(join(dir, SHARED_ALERT_LOG_FILE), 'utf8')).toBe('before\nlater\n');
  });

  it('starts a new settings file, and the default one, with the log they had', async () => {
    const dir = await folder();
    await writeFile(join(dir, SHARED_ALERT_LOG_FILE), 'before\n');
    const fresh = await adoptAlertLog(join(dir, 'new.json'));
    await expect(readFile(fresh, 'utf8')).rejects.toThrow(/ENOENT/);
    await writeFile(join(dir, 'settings.json'), '{}');
    expect(await adoptAlertLog(join(dir, 'settings.json'))).toBe(join(dir, SHARED_ALERT_LOG_FILE));
    expect(await readFile(join(dir, SHARED_ALERT_LOG_FILE), 'utf8')).toBe('before\n');
  });

  it('does not wait on a shared log that is a FIFO', async () => {
    const dir = await folder();
    execFileSync('mkfifo', [join(dir, SHARED_ALERT_LOG_FILE)]);
    await writeFile(join(dir, 'b.json'), '{}');
    const path = await adoptAlertLog(join(dir, 'b.json'));
    await expect(readFile(path, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
