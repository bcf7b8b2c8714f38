/**
 * bug 221: the simulator's `--help` lists every option with its bound and default, says what
 * each scenario does, and agrees with README.md's table of them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { SCENARIOS, SCENARIO_NOTES } from './scenarios';
import { SERVE_USAGE } from './serve-usage';
import {
  DEFAULT_SIMULATOR_OPTIONS as DEFAULTS,
  resolveSimulatorOptions,
} from './simulator-options';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SECTION = README.slice(README.indexOf('## The feed simulator'));
const README_TABLE = SECTION.slice(
  SECTION.indexOf('| option | meaning | default |'),
  SECTION.indexOf('\n\n', SECTION.indexOf('| option | meaning | default |')),
);

/** The help's entry of `flag`, its lines joined. */
function entry(flag: string): string {
  const start = SERVE_USAGE.indexOf(`\n  ${flag} `);
  const next = SERVE_USAGE.slice(start + 3).search(/\n {2}-/);
  return SERVE_USAGE.slice(start, start + 3 + next).replace(/\s+/g, ' ');
}

const FLAGS = [...SERVE_USAGE.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)/gm)].map((m) => m[1]!);

describe('SERVE_USAGE', () => {
  it('lists the options serve takes: each is known to it, and an unlisted one is not', async () => {
    expect(FLAGS).toHaveLength(12);
    const io = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => ((said += s), true) },
    } as unknown as Parameters<typeof runCli>[1];
    let said = '';
    for (const flag of FLAGS) {
      said = '';
      await runCli([flag === '--help' ? '--help' : `${flag}=`], io);
      expect(said, flag).not.toMatch(/unknown option/);
    }
  });

  it('gives each default and the bounds the options are checked against', () => {
    const defaults: Record<string, unknown> = {
      '--host': DEFAULTS.host,
      '--port': DEFAULTS.port,
      '--rate': DEFAULTS.rate,
      '--instruments': DEFAULTS.instruments,
      '--matches': DEFAULTS.matches,
      '--seed': DEFAULTS.seed,
      '--scenario': DEFAULTS.scenario,
      '--heartbeat-ms': DEFAULTS.heartbeatMs,
      '--max-clients': DEFAULTS.maxClients,
      '--match-duration-ms': DEFAULTS.matchDurationMs,
      '--book-levels': DEFAULTS.bookLevels,
    };
    for (const [flag, value] of Object.entries(defaults))
      expect(entry(flag), flag).toContain(`(default ${String(value)})`);
    // Each bound named is where the check refuses: the bound taken, one past it refused.
    const bounds: [string, keyof typeof DEFAULTS, number, number][] = [
      ['--port', 'port', 65_535, 65_536],
      ['--instruments', 'instruments', 50_000, 50_001],
      ['--matches', 'matches', 1_000, 1_001],
      ['--seed', 'seed', 4_294_967_295, 4_294_967_296],
      ['--heartbeat-ms', 'heartbeatMs', 600_000, 600_001],
      ['--max-clients', 'maxClients', 100_000, 100_001],
      ['--match-duration-ms', 'matchDurationMs', 2_147_483_647, 2_147_483_648],
      ['--book-levels', 'bookLevels', 1_000, 1_001],
    ];
    for (const [flag, option, last, past] of bounds) {
      expect(entry(flag), flag).toContain(`to ${last}`);
      expect(() => resolveSimulatorOptions({ [option]: last })).not.toThrow();
      expect(() => resolveSimulatorOptions({ [option]: past })).toThrow(option);
    }
    expect(entry('--rate')).toContain('above 0, at most 100000000');
  });

  it('says what each scenario does', () => {
    for (const scenario of SCENARIOS) {
      expect(SERVE_USAGE).toMatch(new RegExp(`^ {6}${scenario} +\\S`, 'm'));
      // Wrapped, but every word of its note is there in order.
      expect(SERVE_USAGE.replace(/\s+/g, ' ')).toContain(SCENARIO_NOTES[scenario]);
    }
    expect(SCENARIO_NOTES.burst).toBe('the tick rate 10x for 1 s every 10 s');
  });

  it("agrees with README.md's table: the same options", () => {
    const rows = [...README_TABLE.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]);
    expect([...new Set(rows)].sort()).toEqual(FLAGS.filter((f) => f !== '--help').sort());
  });

  it('fits a terminal: no line over 100 characters', () => {
    for (const line of SERVE_USAGE.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});
