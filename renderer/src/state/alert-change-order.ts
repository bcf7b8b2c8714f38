/**
 * The order of the host's numbered alert changes (`alert:states`) against the whole views the
 * page asks for (`alerts:get`): which view answer to take, which change is next, which one the
 * page holds already, which says it missed one, and which wait for a view on its way.
 */
import type { AlertStatesChange } from '../../../protocol/alerts';

/**
 * Most changes held while a view is on its way (a desktop page may hear some the view already
 * holds before the view itself); past this the oldest go, and the version gap that leaves
 * makes the page fetch the view again.
 */
export const MAX_HELD_CHANGES = 1_000;

/** What to do with a change: hold it, ignore it (known), fetch the view (gap), or apply it. */
export type ChangePlace = 'held' | 'known' | 'gap' | 'next';

export class AlertChangeOrder {
  /** The last change applied (`AlertStatesChange.version`); null before the first view. */
  #version: number | null = null;
  /** Views asked for and not yet answered. */
  #fetching = 0;
  /** The number of the last view asked for: an earlier one answered after it says less. */
  #lastFetch = 0;
  /** Changes heard while a view was on its way, applied after it (those it lacks). */
  #held: AlertStatesChange[] = [];

  /** A view is asked for: its number, for {@link answered}. */
  asked(): number {
    this.#fetching++;
    return ++this.#lastFetch;
  }

  /** View `fetch` answered (or failed): true when it is the last asked for, to be taken. */
  answered(fetch: number): boolean {
    this.#fetching--;
    return fetch === this.#lastFetch;
  }

  /** Where `change` goes; a held one is kept here until {@link released}. */
  place(change: AlertStatesChange): ChangePlace {
    if (this.#fetching > 0) {
      this.#held = [...this.#held, change].slice(-MAX_HELD_CHANGES);
      return 'held';
    }
    if (this.#version !== null && change.version <= this.#version) return 'known';
    if (this.#version === null || change.version !== this.#version + 1) return 'gap';
    return 'next';
  }

  /** The view or change numbered `version` was applied. */
  applied(version: number): void {
    this.#version = version;
  }

  /** The changes held, once no view is on its way, to place again in order. */
  released(): AlertStatesChange[] {
    if (this.#fetching > 0 || this.#version === null) return [];
    return this.#held.splice(0);
  }
}
