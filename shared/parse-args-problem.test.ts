import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgsProblem } from './parse-args-problem';

const OPTIONS = { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function problemOf(args: string[]): string {
  try {
    parseArgs({ args, options: OPTIONS, strict: true });
  } catch (err) {
    return parseArgsProblem(err as Error & { code?: string });
  }
  throw new Error(`${args.join(' ')} parsed`);
}

describe('parseArgsProblem', () => {
  it('names a switch given a value by its long name, whether or not it has a short form', () => {
    expect(problemOf(['--help=yes'])).toBe('option --help takes no value');
  });

  it('tells a missing value from one that starts with a dash', () => {
    expect(problemOf(['--port'])).toBe('option --port needs a value');
    expect(problemOf(['--port', '-1'])).toBe(
      'option --port needs a value; write a value starting with "-" as --port=<value>',
    );
  });

  it('names an unknown option and a stray argument', () => {
    expect(problemOf(['--bogus'])).toBe('unknown option --bogus');
    expect(problemOf(['stray'])).toBe('unexpected argument stray');
  });
});
