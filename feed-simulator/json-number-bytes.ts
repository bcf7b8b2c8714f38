/**
 * JSON numbers and constant runs written straight into bytes, as `JSON.stringify` writes them:
 * the tick writer's inner loop (tick-bytes.ts). Integers go two digits per division, prices
 * with at most two decimals as whole cents.
 */

/** The bytes of an ASCII string. */
export const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const DOT = 0x2e;
const ZERO = 0x30;
/** "00" to "99": the two digits of n at 2n and 2n + 1. */
const DIGIT_PAIRS = ascii(
  Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).join(''),
);
/** Below this, integer division by `| 0` is exact and cheaper than `Math.floor`. */
const INT32_LIMIT = 2 ** 31;

/**
 * Copies `src` to `buf` at `pos`; returns the position after it. `set` is a memcpy: measured
 * here, it beats a byte loop even for runs of 6 to 26 bytes.
 */
export function copy(buf: Uint8Array, pos: number, src: Uint8Array): number {
  buf.set(src, pos);
  return pos + src.length;
}

/**
 * Writes a price as JSON.stringify would. Kept small so it is inlined where the price is read:
 * the double then never leaves a register, whereas passing it to a larger function boxed it
 * into a fresh heap number, an allocation per price that showed up as young-generation GC.
 */
export function writePrice(buf: Uint8Array, pos: number, x: number): number {
  const cents = Math.round(x * 100);
  return cents > 0 && cents < INT32_LIMIT && cents / 100 === x
    ? writeCents(buf, pos, cents)
    : writeNumber(buf, pos, x);
}

/**
 * Writes a whole number of cents as its decimal price: the shortest form of a price with at
 * most two decimals is exactly those digits, without trailing zeros.
 */
function writeCents(buf: Uint8Array, pos: number, cents: number): number {
  const whole = (cents / 100) | 0;
  const fraction = cents - whole * 100;
  pos = writeDigits(buf, pos, whole);
  if (fraction === 0) return pos;
  buf[pos++] = DOT;
  buf[pos++] = DIGIT_PAIRS[fraction * 2]!;
  if (fraction % 10 !== 0) buf[pos++] = DIGIT_PAIRS[fraction * 2 + 1]!;
  return pos;
}

/**
 * Writes a number as JSON.stringify would: non-negative whole numbers digit by digit, prices
 * with at most two decimals as cents, anything else via String().
 */
export function writeNumber(buf: Uint8Array, pos: number, x: number): number {
  if (Number.isSafeInteger(x) && x >= 0) return writeDigits(buf, pos, x);
  const cents = Math.round(x * 100);
  if (cents > 0 && cents < INT32_LIMIT && cents / 100 === x) return writeCents(buf, pos, cents);
  const text = String(x);
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}

/** Writes a non-negative safe integer in decimal, two digits per division. */
export function writeDigits(buf: Uint8Array, pos: number, n: number): number {
  let length = 1;
  for (let p = 10; p <= n; p *= 10) length++;
  const end = pos + length;
  let at = end;
  while (n >= 100) {
    const next = n < INT32_LIMIT ? (n / 100) | 0 : Math.floor(n / 100);
    const pair = (n - next * 100) * 2;
    buf[--at] = DIGIT_PAIRS[pair + 1]!;
    buf[--at] = DIGIT_PAIRS[pair]!;
    n = next;
  }
  // What is left, one or two digits, goes in front (`at` is pos + 1 or pos + 2 here).
  if (n >= 10) {
    buf[pos + 1] = DIGIT_PAIRS[n * 2 + 1]!;
    buf[pos] = DIGIT_PAIRS[n * 2]!;
  } else {
    buf[pos] = ZERO + n;
  }
  return end;
}
