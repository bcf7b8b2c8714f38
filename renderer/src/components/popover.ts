/**
 * The closing rules every toolbar popover follows (the source picker, the recording opener, the
 * Record button's list of sources, the workspace menu, a chart's indicator menus, the
 * watchlist's Columns and Add), attached to the element that holds its trigger and its panel:
 * Escape closes it and gives focus back to the trigger, so a keyboard user stays where they
 * were; a press outside closes it and leaves focus where the press put it.
 */
import type { Attachment } from 'svelte/attachments';

export interface PopoverRules {
  isOpen(): boolean;
  /** Escape: close and focus the trigger. */
  close(): void;
  /** A press outside: close only. */
  drop(): void;
}

export function dismissable(rules: PopoverRules): Attachment<HTMLElement> {
  return (root) => {
    const onKey = (e: KeyboardEvent) => {
      if (rules.isOpen() && e.key === 'Escape') rules.close();
    };
    const onPress = (e: Event) => {
      if (rules.isOpen() && !root.contains(e.target as Node)) rules.drop();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPress);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPress);
    };
  };
}

/**
 * {@link dismissable} for the common popover: its state one boolean, read and set through
 * `open`, and `trigger` the element that takes focus back on Escape.
 */
export function dismissableToggle(
  open: { get(): boolean; set(open: boolean): void },
  trigger: () => HTMLElement | null | undefined,
): Attachment<HTMLElement> {
  return dismissable({
    isOpen: open.get,
    close: () => {
      open.set(false);
      trigger()?.focus();
    },
    drop: () => open.set(false),
  });
}
