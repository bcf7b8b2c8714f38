/**
 * Which feed addresses the page may point the engine at. The page is treated as untrusted
 * (docs/SECURITY.md): a compromised one must not make the host dial an address the user did not
 * choose, to read a local service, to leak data in a URL, or to feed the app hostile data (and
 * have that saved as the feed for every later start).
 *
 * Built-in choices name no address and are always allowed: the embedded simulator and each
 * exchange on its own endpoint. An address (a Tickdeck `ws://`/`wss://` feed, or an exchange
 * endpoint override) is allowed when the user chose it outside the page: on the command line, in
 * the settings file, or by answering the host's own confirmation (the desktop app's dialog). The
 * browser mode has no such prompt, so there a new address comes only from flags or the file.
 */
import { parseFeedTarget } from '../../protocol/feed-target';

/** Asks the user, outside the page, whether to connect to `url`; resolves true to allow. */
export type ConfirmEndpoint = (url: string) => Promise<boolean>;

/** The address a feed choice dials when it is not a built-in one; null for built-ins. */
export function feedAddress(feed: string | null): string | null {
  const parsed = parseFeedTarget(feed);
  if (!parsed.ok) return null;
  const target = parsed.target;
  if (target.kind === 'tickdeck') return target.url;
  // A NATS source names servers as much as a ws:// feed does: the whole list is the address.
  if (target.kind === 'nats') return `${target.servers.join(',')}/${target.source}`;
  return null;
}

/** The hosts an address dials, for the user to read: `a:4222, b:4222`. */
export function addressHosts(address: string): string {
  // Through URL, so ws://bank.example@evil.example/ reads as evil.example, the host it dials.
  return address
    .split(',')
    .filter((part) => URL.canParse(part))
    .map((part) => new URL(part).host)
    .join(', ');
}

/**
 * One spelling per address, so `ws://h:1` and `ws://h:1/` are the same choice. Every address
 * here passed protocol/feed-target's checks; a NATS server list is not one URL, and is already
 * normalized by those checks.
 */
const key = (url: string): string => (URL.canParse(url) ? new URL(url).href : url);

/** The addresses the user chose this run; see the module comment. */
export class FeedEndpoints {
  private readonly approved = new Set<string>();
  /** One prompt at a time: a page cannot stack dialogs or race one answer to two requests. */
  private asking = false;

  /**
   * @param chosen addresses the user already chose (flags, settings file); nulls are skipped.
   * @param confirm the host's own prompt; null where there is none (browser mode).
   */
  constructor(
    chosen: readonly (string | null)[],
    private readonly confirm: ConfirmEndpoint | null,
  ) {
    for (const url of chosen) if (url !== null) this.approved.add(key(url));
  }

  /** Resolves when the page may use `url`; rejects with the reason otherwise. */
  async admit(url: string): Promise<void> {
    if (this.approved.has(key(url))) return;
    if (this.confirm === null) {
      throw new Error(
        `"${url}" was not chosen on the command line or in the settings file, and in browser ` +
          'mode the page cannot add a feed address: restart with --feed (or --feed-endpoint) naming it',
      );
    }
    if (this.asking) throw new Error(`"${url}": another feed address is waiting for your answer`);
    this.asking = true;
    let allowed: boolean;
    try {
      allowed = await this.confirm(url);
    } finally {
      this.asking = false;
    }
    if (!allowed) throw new Error(`"${url}": connection declined`);
    this.approved.add(key(url));
  }
}
