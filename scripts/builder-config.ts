/**
 * electron-builder.yml checked against electron-builder's own JSON schema (app-builder-lib's
 * scheme.json), with one message per problem naming the exact key. electron-builder validates
 * too, but only when a build starts and with messages that bury the key in schema text.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SCHEME_PATH = require.resolve('app-builder-lib/scheme.json');

// Same options as electron-builder's own validator: its schema uses a custom `typeof` keyword
// (for function-valued hooks) that strict mode would reject.
const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(SCHEME_PATH, 'utf8')) as object,
);

/** `/linux/target/0` -> `linux.target[0]`. */
function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
      '',
    );
}

function describe(error: ErrorObject): string {
  const at = keyPath(error.instancePath) || '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return `${error.instancePath ? `${at}.` : ''}${key}: unknown key (not in electron-builder's schema)`;
    }
    case 'enum':
      return `${at}: expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

/**
 * Problems in an electron-builder configuration, one line each, empty when valid. Failures of
 * `anyOf` branches are reduced to the most specific error under each key.
 */
export function checkBuilderConfig(config: unknown): string[] {
  if (validate(config)) return [];
  const errors = validate.errors ?? [];
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  // A key that fails as both "object with unknown key" and "not a string" is an unknown key.
  const unknownKeyAt = new Set(
    specific.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath),
  );
  const kept = specific.filter(
    (e) => e.keyword === 'additionalProperties' || !unknownKeyAt.has(e.instancePath),
  );
  // anyOf branches each report their own type at one key: merge them into one message.
  const types = new Map<string, string[]>();
  for (const e of kept.filter((e) => e.keyword === 'type')) {
    const list = types.get(e.instancePath) ?? [];
    list.push(...String((e.params as { type: string }).type).split(','));
    types.set(e.instancePath, list);
  }
  const messages = (kept.length ? kept : errors).map((e) =>
    e.keyword === 'type'
      ? `${keyPath(e.instancePath) || '(top level)'}: expected ${[...new Set(types.get(e.instancePath))].join(' or ')}`
      : describe(e),
  );
  return [...new Set(messages)];
}

/** Reads and checks a YAML configuration file. */
export function checkBuilderConfigFile(path: string): string[] {
  return checkBuilderConfig(load(readFileSync(path, 'utf8')));
}
