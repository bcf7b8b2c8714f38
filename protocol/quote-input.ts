/**
 * How an error message quotes what a user gave: bounded, since a refused value may be any size
 * (a 100 KB `--alert` note, a pasted feed) and the message must still read as one line.
 */

/** Most characters of a user's input an error message quotes. */
export const MAX_QUOTED_CHARS = 80;

/**
 * `text` quoted as JSON (control characters and quotes escaped); past
 * {@link MAX_QUOTED_CHARS}, its first characters, "…" and its whole length:
 * `"ACME above 1 note aaaa…" (100018 characters)`.
 */
export function quoteInput(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return JSON.stringify(text);
  // Not within a surrogate pair: half a character would print as a replacement mark.
  const cut = /[\uD800-\uDBFF]/.test(text[MAX_QUOTED_CHARS - 1]!)
    ? MAX_QUOTED_CHARS - 1
    : MAX_QUOTED_CHARS;
  return `${JSON.stringify(`${text.slice(0, cut)}…`)} (${text.length} characters)`;
}
