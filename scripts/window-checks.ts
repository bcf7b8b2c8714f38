/**
 * The window checks of the security gate (./security-gate.ts), on main-process code, source or
 * built: every `new BrowserWindow(...)` passes a literal webPreferences with each hardening flag
 * set as required, and every window comes from one constructor that installs the content
 * guards (`hardenContents`), so no window can be added that the checks and guards do not reach.
 */
import ts from 'typescript';

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

/** `true` or `false` when the expression is that literal, else null. */
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
