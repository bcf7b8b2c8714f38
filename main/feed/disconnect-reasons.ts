/** How a feed connection's end is told in the health bar, and which ends retrying cannot fix. */

/** HTTP statuses on the upgrade that retrying cannot fix (404, 401...), unlike 408 or 429. */
export function isPermanentRefusal(message: string): boolean {
  const status = Number(/Unexpected server response: (\d+)/.exec(message)?.[1]);
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Node's codes for a server certificate this machine does not trust: self-signed, an unknown
 * or missing issuer, expired or not yet valid, revoked, or issued for another name.
 */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why retrying a failed connection cannot help, or null when it may: an upgrade refused with a
 * 4xx (see {@link isPermanentRefusal}), or a `wss://` server whose certificate is not trusted,
 * which every attempt would meet again, with the way to trust a private CA.
 */
export function permanentRefusal(err: Error & { readonly code?: string }): string | null {
  if (err.code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(err.code))
    return (
      `the server's TLS certificate is not trusted (${err.message}); not connecting. ` +
      'A private CA can be trusted with NODE_EXTRA_CA_CERTS'
    );
  return isPermanentRefusal(err.message) ? err.message : null;
}

/**
 * Longest wait a server's `Retry-After` may impose before the next attempt, ms: a venue that
 * asks for a day is retried after this, so a bad header cannot park a source for good.
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * How long a refused upgrade asked us to wait, ms (0: it did not say). Only 429 (rate limited)
 * and 503 carry a meaningful `Retry-After`, in seconds or as an HTTP date; Binance bans an IP
 * (HTTP 418) that keeps retrying within it.
 */
export function retryAfterMs(status: number, header: string | undefined, now: number): number {
  if ((status !== 429 && status !== 503) || header === undefined) return 0;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1_000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : 0;
}

/**
 * True for a close that says what the client or its subscription did wrong, which waiting does
 * not mend: a policy violation (1008: rate limits, refused requests), unsupported or invalid
 * data (1003, 1007), a message too big (1009), or the venue's own codes (4000-4999). Restarts,
 * overload and "try again later" (1001, 1011-1014) pass with the reconnect.
 */
export function closeBlamesClient(code: number): boolean {
  return (
    code === 1003 ||
    code === 1007 ||
    code === 1008 ||
    code === 1009 ||
    (code >= 4000 && code < 5000)
  );
}

/** A duration as a reason states it: `4.5 s`, `2 min`, `23.5 h`. */
export function formatAge(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${+(ms / 1_000).toFixed(1)} s`;
}
