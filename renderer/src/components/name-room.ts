/**
 * Whether a chart head has room for its instrument's name (bug 243). A fixed width (340 px)
 * decided it, whatever the id's and the tools' widths: a short id in a 330 px head left room
 * for a few words of the name, hidden all the same. The room is measured instead: the head's
 * width less every other item on its row and the gaps between them.
 */

/** The least of a name worth showing, CSS px: "Bolt Mot…", not "B…" read as a share class. */
export const MIN_NAME_PX = 56;

/** Whether a name `fullPx` wide shows in `roomPx`: whole, or enough of it to read. */
export function nameShows(roomPx: number, fullPx: number): boolean {
  return fullPx > 0 && roomPx >= Math.min(fullPx, MIN_NAME_PX);
}

/** Room for `name` in `head`'s row, CSS px: its content width less the other items and gaps. */
export function nameRoomPx(head: HTMLElement, name: HTMLElement): number {
  const style = getComputedStyle(head);
  const gap = parseFloat(style.columnGap) || 0;
  let room = head.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  for (const item of head.children) {
    // The name, shown or not, and anything out of the row's flow take none of it.
    if (item === name || getComputedStyle(item).position === 'absolute') continue;
    room -= (item as HTMLElement).offsetWidth + gap;
  }
  return room;
}

/**
 * Tells `onchange` whether `name` shows, now and whenever `head` or one of its items changes
 * size or comes and goes ("Back to live", a staleness label, the price's digits).
 */
export function watchNameRoom(
  head: HTMLElement,
  name: HTMLElement,
  onchange: (shows: boolean) => void,
): () => void {
  // The name's whole width: laid out at its full width when hidden (out of the row).
  const check = () => onchange(nameShows(nameRoomPx(head, name), name.scrollWidth));
  check();
  if (typeof ResizeObserver !== 'function') return () => {};
  const sizes = new ResizeObserver(check);
  const observe = () => {
    sizes.disconnect();
    sizes.observe(head);
    for (const item of head.children) if (item !== name) sizes.observe(item);
  };
  observe();
  const items = new MutationObserver(() => {
    observe();
    check();
  });
  items.observe(head, { childList: true });
  return () => {
    sizes.disconnect();
    items.disconnect();
  };
}
