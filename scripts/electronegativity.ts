/**
 * The electronegativity part of the security gate (./security-gate.ts): runs the tool on the
 * built app, reads its findings, and keeps those no reviewed exception (with a reason, in
 * security/electronegativity-exceptions.json) covers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Finding {
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface Exception {
  readonly check: string;
  readonly file: string;
  readonly message: string;
  readonly reason: string;
}

/** Findings from electronegativity's SARIF report. */
export function readSarif(text: string): Finding[] {
  const sarif = JSON.parse(text) as {
    runs: {
      results: {
        ruleId: string;
        message: { text: string };
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
        }[];
      }[];
    }[];
  };
  return sarif.runs.flatMap((run) =>
    run.results.map((result) => ({
      check: result.ruleId,
      file: result.locations[0]?.physicalLocation.artifactLocation.uri ?? '',
      line: result.locations[0]?.physicalLocation.region?.startLine ?? 0,
      message: result.message.text,
    })),
  );
}

/** Findings no exception covers; an exception without a reason covers nothing. */
export function unlistedFindings(findings: readonly Finding[], exceptions: readonly Exception[]) {
  return findings.filter(
    (f) =>
      !exceptions.some(
        (e) =>
          e.reason.trim().length > 0 &&
          e.check === f.check &&
          e.file === f.file &&
          f.message.includes(e.message),
      ),
  );
}

/**
 * Runs electronegativity on `outDir` and reads its SARIF report (the tool itself always exits
 * 0, so the report is the result); `root` is the project, whose Electron version it checks for.
 */
export function runElectronegativity(root: string, outDir: string): Finding[] {
  const work = mkdtempSync(join(tmpdir(), 'tickdeck-electronegativity-'));
  try {
    const report = join(work, 'report.sarif');
    const electronVersion = JSON.parse(
      readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
    ).version as string;
    const cli = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
    const run = spawnSync(
      process.execPath,
      [cli, '-i', outDir, '-o', report, '-r', '-v', 'false', '-e', electronVersion],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (run.status !== 0) throw new Error(`electronegativity failed:\n${run.stderr}`);
    return readSarif(readFileSync(report, 'utf8'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
