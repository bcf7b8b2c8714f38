import { describe, expect, it } from 'vitest';
import { MAX_QUOTED_CHARS, quoteInput } from './quote-input';

describe('quoteInput', () => {
  it('quotes a short value whole, escaped as JSON', () => {
    expect(quoteInput('BTC USD')).toBe('"BTC USD"');
    expect(quoteInput('a"b\n')).toBe('"a\\"b\\n"');
    expect(quoteInput('x'.repeat(MAX_QUOTED_CHARS))).toBe(`"${'x'.repeat(MAX_QUOTED_CHARS)}"`);
  });

  it('quotes a long one by its first characters, with its length', () => {
    expect(quoteInput('x'.repeat(100_000))).toBe(`"${'x'.repeat(80)}…" (100000 characters)`);
  });

  it('never cuts a character in two', () => {
    const text = `${'x'.repeat(MAX_QUOTED_CHARS - 1)}😀${'x'.repeat(10)}`;
    expect(quoteInput(text)).toBe(
      `"${'x'.repeat(MAX_QUOTED_CHARS - 1)}…" (${text.length} characters)`,
    );
  });
});
