import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exception } from './electronegativity';
import { readSarif, unlistedFindings } from './electronegativity';

const ROOT = join(import.meta.dirname, '..');

describe('electronegativity findings', () => {
  const sarif = JSON.stringify({
    runs: [
      {
        results: [
          {
            ruleId: 'CSP_GLOBAL_CHECK',
            message: { text: 'One or more CSP directives detected seems to be vulnerable' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'renderer/index.html' },
                  region: { startLine: 5 },
                },
              },
            ],
          },
          {
            ruleId: 'OPEN_EXTERNAL_JS_CHECK',
            message: { text: 'Review the use of openExternal' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'main/index.js' },
                  region: { startLine: 40 },
                },
              },
            ],
          },
        ],
      },
    ],
  });
  const exceptions: Exception[] = JSON.parse(
    readFileSync(join(ROOT, 'security/electronegativity-exceptions.json'), 'utf8'),
  ).exceptions;

  it('reads the SARIF report electronegativity writes', () => {
    expect(readSarif(sarif)[1]).toEqual({
      check: 'OPEN_EXTERNAL_JS_CHECK',
      file: 'main/index.js',
      line: 40,
      message: 'Review the use of openExternal',
    });
  });

  it('fails on findings the reviewed exceptions do not list', () => {
    expect(unlistedFindings(readSarif(sarif), exceptions).map((f) => f.check)).toEqual([
      'OPEN_EXTERNAL_JS_CHECK',
    ]);
  });

  it('does not let an exception without a reason cover anything', () => {
    const unreasoned = exceptions.map((e) => ({ ...e, reason: ' ' }));
    expect(unlistedFindings(readSarif(sarif), unreasoned)).toHaveLength(2);
  });

  it('keeps every reviewed exception specific and explained', () => {
    for (const e of exceptions) {
      expect(e.check).toMatch(/^[A-Z_]+_CHECK$/);
      expect(e.file).toMatch(/^(main|preload|renderer)\//);
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.reason.length).toBeGreaterThan(60);
    }
  });
});
