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
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');

/** webPreferences every window must set, with the literal value required. */
export const REQUIRED_WEB_PREFERENCES: Readonly<Record<string, string>> = {
  contextIsolation: 'true',
  sandbox: 'true',
  nodeIntegration: 'false',
  nodeIntegrationInWorker: 'false',
  nodeIntegrationInSubFrames: 'false',
  webSecurity: 'true',
  allowRunningInsecureContent: 'false',
  experimentalFeatures: 'false',
  webviewTag: 'false',
};

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

function literalText(node: ts.Expression): string | null {
  if (node.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (node.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  return null;
}

/**
 * Problems with the webPreferences of every `new BrowserWindow(...)` in `code`; also reports
 * code without any BrowserWindow, so the check can never pass vacuously on the wrong file.
 */
export function checkWindowPreferences(code: string, file: string): string[] {
  const kind = file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, kind);
  const problems: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && /(^|\.)BrowserWindow$/.test(node.expression.getText())) {
      const at = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const options = node.arguments?.[0];
      const prefs =
        options && ts.isObjectLiteralExpression(options)
          ? options.properties.find(
              (p): p is ts.PropertyAssignment =>
                ts.isPropertyAssignment(p) && p.name.getText() === 'webPreferences',
            )?.initializer
          : undefined;
      if (!prefs || !ts.isObjectLiteralExpression(prefs)) {
        problems.push(`${at}: BrowserWindow options must contain a literal webPreferences object`);
      } else {
        const values = new Map<string, string | null>();
        for (const p of prefs.properties) {
          if (ts.isSpreadAssignment(p)) problems.push(`${at}: no spreads in webPreferences`);
          else if (ts.isPropertyAssignment(p))
            values.set(p.name.getText(), literalText(p.initializer));
        }
        for (const [key, want] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
          if (values.get(key) !== want)
            problems.push(`${at}: webPreferences.${key} must be ${want}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/** Where `code` constructs a BrowserWindow, and whether the enclosing function guards it. */
export function windowConstructions(
  code: string,
  file: string,
): { readonly at: string; readonly guarded: boolean }[] {
  const kind = file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, kind);
  const found: { at: string; guarded: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && /(^|\.)BrowserWindow$/.test(node.expression.getText())) {
      let fn: ts.Node | undefined = node.parent;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
      found.push({
        at: `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`,
        guarded: fn !== undefined && /\bhardenContents\s*\(/.test(fn.getText()),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Problems unless there is exactly one BrowserWindow construction, and it is guarded. */
export function checkOneWindowFactory(
  sites: readonly { readonly at: string; readonly guarded: boolean }[],
): string[] {
  const problems = sites
    .filter((s) => !s.guarded)
    .map((s) => `${s.at}: a window whose function does not call hardenContents`);
  if (sites.length > 1)
    problems.push(
      `${sites.length} places construct a BrowserWindow (${sites.map((s) => s.at).join(', ')}); every window must come from createAppWindow`,
    );
  return problems;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}

function runElectronegativity(outDir: string): Finding[] {
  const work = mkdtempSync(join(tmpdir(), 'tickdeck-electronegativity-'));
  try {
    const report = join(work, 'report.sarif');
    const electronVersion = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8'),
    ).version as string;
    const cli = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');
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
  const findings = runElectronegativity(outDir);
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
