/**
 * The source picker's form: the kind of source and its fields, filled from the saved feed when
 * the picker opens, and read back into a feed and an endpoint override, or an error to show.
 */
import {
  checkEndpoint,
  choiceFromFeed,
  feedFromChoice,
  takesEndpoint,
  type SourceKind,
} from '../state/feed-choice';

/** A feed target (`Settings.feed`, null for the embedded simulator) and its endpoint override. */
export interface ChosenFeed {
  readonly feed: string | null;
  readonly endpoint: string | null;
}

export class SourceForm {
  kind = $state<SourceKind>('embedded');
  url = $state('');
  symbols = $state('');
  endpoint = $state('');
  natsServers = $state('');
  natsSource = $state('');
  /** What is wrong with the choice, shown under the fields; '' when nothing is. */
  error = $state('');

  /** Fills the form with the saved feed and endpoint override. */
  load(feed: string | null, feedEndpoint: string | null): void {
    const c = choiceFromFeed(feed);
    ({ kind: this.kind, url: this.url, symbols: this.symbols } = c);
    this.natsServers = c.natsServers ?? '';
    this.natsSource = c.natsSource ?? '';
    this.endpoint = feedEndpoint ?? '';
    this.error = '';
  }

  /**
   * The form's choice, or null after setting `error`. A kind that takes no endpoint keeps
   * `savedEndpoint`, the override saved for the exchanges.
   */
  read(savedEndpoint: string | null): ChosenFeed | null {
    const { kind, url, symbols, natsServers, natsSource } = this;
    const chosen = feedFromChoice({ kind, url, symbols, natsServers, natsSource });
    if (!chosen.ok) {
      this.error = chosen.error;
      return null;
    }
    const ep = takesEndpoint(kind)
      ? checkEndpoint(this.endpoint)
      : { ok: true as const, endpoint: savedEndpoint };
    if (!ep.ok) {
      this.error = `Endpoint: ${ep.error}`;
      return null;
    }
    this.error = '';
    return { feed: chosen.feed, endpoint: ep.endpoint };
  }
}
