/** A note that says something for a few seconds, then goes (a refused action's reason). */

/** How long a note stays, ms: long enough to read a sentence twice. */
export const NOTE_SHOWN_MS = 6_000;

export class PassingNote {
  text = $state('');
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Shows `text` for {@link NOTE_SHOWN_MS}; '' takes the note away at once. */
  say(text: string): void {
    clearTimeout(this.timer);
    this.text = text;
    if (text) this.timer = setTimeout(() => (this.text = ''), NOTE_SHOWN_MS);
  }
}
