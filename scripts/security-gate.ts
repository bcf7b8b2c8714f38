/**
 * Security gate for the built app (`npm run security`, after `npm run build`):
 * 1. runs @doyensec/electronegativity on out/ and fails on every finding that is not listed,
 *    with a reason, in security/electronegativity-exceptions.json (the tool itself always
 *    exits 0, so its SARIF report is read instead);
 * 2. parses the built main-process code and fails unless every `new BrowserWindow(...)` passes
 *    a literal webPreferences with each hardening flag set as required;
 * 3. fails unless every window, the main one and each pop-out, comes from one constructor
 *    (`createAppWindow` in main/electron/window.ts) that installs the content guards
 *    (`hardenContents`), so no window can be added that the checks and guards do not reach.
 * The checks live in ./electronegativity.ts (1) and ./window-checks.ts (2, 3); this file runs
 * them on out/ and reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runElectronegativity, unlistedFindings, type Exception } from './electronegativity';
import {
  checkOneWindowFactory,
  checkWindowPreferences,
  windowConstructions,
} from './window-checks';

const ROOT = join(import.meta.dirname, '..');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}

async function main(): Promise<number> {
  const outDir = join(ROOT, 'out');
  const mainDir = join(outDir, 'main');
  let mainFiles: string[];
  try {
    mainFiles = jsFiles(mainDir);
  } catch {
    console.error('security gate: out/ is missing; run `npm run build` first.');
    return 1;
  }
  const windowProblems = mainFiles.flatMap((file) => {
    const code = readFileSync(file, 'utf8');
    return code.includes('BrowserWindow') ? checkWindowPreferences(code, relative(ROOT, file)) : [];
  });
  const windows = mainFiles.filter((f) => readFileSync(f, 'utf8').includes('new BrowserWindow'));
  if (windows.length === 0) windowProblems.push('no `new BrowserWindow` found in out/main');
  windowProblems.push(
    ...checkOneWindowFactory(
      windows.flatMap((file) =>
        windowConstructions(readFileSync(file, 'utf8'), relative(ROOT, file)),
      ),
    ),
  );

  const { exceptions } = JSON.parse(
    readFileSync(join(ROOT, 'security/electronegativity-exceptions.json'), 'utf8'),
  ) as { exceptions: Exception[] };
  const findings = runElectronegativity(ROOT, outDir);
  const unlisted = unlistedFindings(findings, exceptions);
  const unused = exceptions.filter(
    (e) => unlistedFindings(findings, [e]).length === findings.length,
  );

  console.log(
    `electronegativity: ${findings.length} finding(s), ${findings.length - unlisted.length} covered by reviewed exceptions`,
  );
  for (const e of unused)
    console.warn(`  note: exception no longer needed: ${e.check} in ${e.file}`);
  for (const f of unlisted) console.error(`  UNLISTED ${f.check} ${f.file}:${f.line} ${f.message}`);
  for (const p of windowProblems) console.error(`  WINDOW ${p}`);
  if (unlisted.length || windowProblems.length) {
    console.error('security gate: FAILED');
    return 1;
  }
  console.log(`security gate: passed (${windows.length} file(s) with BrowserWindow checked)`);
  return 0;
}

if (process.argv[1] === import.meta.filename) process.exitCode = await main();
