/**
 * The built preload (out/preload/index.cjs, what Electron actually loads) under the strict fake
 * `electron`: it may require nothing but `electron` (a sandboxed preload cannot), and the
 * page-world function the bundler emitted must install `window.tickdeck` from its source text
 * alone in a fresh page world. A bundler helper (`__name`, `__publicField`…) or a module-level
 * reference inside that function fails here, where the unit tests see only the source.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as electron from '../test-support/electron-fake';
import { pageWorlds } from '../test-support/page-world';

const PRELOAD = fileURLToPath(new URL('../out/preload/index.cjs', import.meta.url));

describe('built preload', () => {
  it('installs the frozen window.tickdeck in a fresh page world, requiring only electron', () => {
    const required: string[] = [];
    const module = { exports: {} };
    runInNewContext(readFileSync(PRELOAD, 'utf8'), {
      module,
      exports: module.exports,
      require: (id: string) => {
        required.push(id);
        if (id === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require "${id}"`);
      },
      console,
    });
    expect(required).toEqual(['electron']);
    expect(pageWorlds).toHaveLength(1);
    const api = (pageWorlds[0] as { tickdeck: object }).tickdeck;
    expect(Object.keys(api).sort()).toEqual([
      'ack',
      'declareInterest',
      'host',
      'invoke',
      'on',
      'onBatch',
      'pathForFile',
    ]);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
