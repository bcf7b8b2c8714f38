/**
 * bug 221: `--help` lists every option with its bound and default, and agrees with README.md's
 * table of them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_ALERT_RULES } from '../../protocol/limits';
import { MAX_SOURCES } from '../../protocol/source-names';
import { MAX_WORKSPACE_NAME_CHARS } from '../../protocol/workspace';
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT } from '../web/web-host';
import { APP_OPTIONS, parseAppArgs } from './app-args';
import { APP_USAGE } from './app-usage';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** README's table of the app's options, from its head to the blank line after it. */
const README_TABLE = README.slice(
  README.indexOf('| option | meaning | default |'),
  README.indexOf('\n\n', README.indexOf('| option | meaning | default |')),
);
const FLAGS = Object.keys(APP_OPTIONS).map((name) => `--${name}`);

describe('APP_USAGE', () => {
  it('lists every option the command line takes, and no other', () => {
    const listed = [...APP_USAGE.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...FLAGS].sort());
  });

  it("names each option's bound and default", () => {
    const entry = (flag: string): string => {
      const start = APP_USAGE.indexOf(`\n  ${flag} `);
      const next = APP_USAGE.slice(start + 3).search(/\n {2}--/);
      return APP_USAGE.slice(start, next < 0 ? undefined : start + 3 + next).replace(/\s+/g, ' ');
    };
    expect(entry('--feed')).toContain(`at most ${MAX_SOURCES}`);
    expect(entry('--feed')).toContain('Default: the saved sources, else the embedded simulator');
    expect(entry('--feed')).toContain('nats://');
    expect(entry('--feed-endpoint')).toContain("(default: the exchange's own)");
    expect(entry('--port')).toContain(
      `0 to 65535; 0 picks a free one (default ${DEFAULT_WEB_PORT})`,
    );
    expect(entry('--host')).toContain(`(default ${DEFAULT_WEB_HOST})`);
    expect(entry('--alert')).toContain(`(at most ${MAX_ALERT_RULES})`);
    expect(entry('--workspace')).toContain(`1 to ${MAX_WORKSPACE_NAME_CHARS} characters`);
    expect(entry('--workspace')).toContain('(default: the last one used)');
    expect(entry('--settings')).toContain('(default:');
    expect(entry('--recordings-dir')).toContain('(default:');
  });

  it('gives the bounds the parse holds: one past each is refused', () => {
    expect(parseAppArgs(['--port', '65535'])).toMatchObject({ ok: true });
    expect(parseAppArgs(['--port', '65536'])).toMatchObject({ ok: false });
    const feeds = (n: number) => Array.from({ length: n }, () => ['--feed', 'sim']).flat();
    expect(parseAppArgs(feeds(MAX_SOURCES))).toMatchObject({ ok: true });
    expect(parseAppArgs(feeds(MAX_SOURCES + 1))).toMatchObject({ ok: false });
  });

  it("agrees with README.md's table: the same options", () => {
    const rows = [...README_TABLE.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]);
    expect([...new Set(rows)].sort()).toEqual([...FLAGS].sort());
    expect(README_TABLE).toContain(`${DEFAULT_WEB_PORT}, ${DEFAULT_WEB_HOST}`);
    expect(README_TABLE).toContain(`up to ${MAX_SOURCES}`);
  });

  it('fits a terminal: no line over 100 characters', () => {
    for (const line of APP_USAGE.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});
