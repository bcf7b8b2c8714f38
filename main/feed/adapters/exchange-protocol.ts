/**
 * The exchange translators as the engine's {@link FeedProtocol}: each frame becomes Tickdeck
 * messages — a synthetic `hello` whenever the instrument list changes, `snapshot`s, `ticks`,
 * `heartbeat`s and failed `status`es for what the exchange reported.
 *
 * Gaps and checksum mismatches reach the engine at once as `FrameResult.resync` (a book
 * mismatch brings no tick, so waiting for the pair's next one would leave it wrong until
 * then): the engine counts one gap, holds the instrument's ticks and calls
 * {@link FeedConnection.resync}, which resubscribes; the snapshot that follows resumes it. The
 * instrument's `seq` also jumps, so the gap stays visible to any reader of the ticks.
 */
import type { ErrorCode, ServerMessage, StatusMessage } from '../../../protocol/feed';
import { PROTOCOL_VERSION } from '../../../protocol/feed';
import { checkWebSocketUrl } from '../../../protocol/feed-target';
import type { ExchangeProtocolFactory, FeedProtocol, FeedConnection } from '../feed-protocol';
import { createTranslator } from './index';
import { checkSymbols } from './symbols';
import type { AdapterContext, AdapterError, ConnectionRules, Translator } from './translator';
import { createAdapterContext } from './translator';

/** A FeedProtocol that also tells the engine the exchange's rules it must honour. */
export interface ExchangeFeedProtocol extends FeedProtocol {
  /** `maxConnectionAgeMs` (reconnect before it), `maxSendPerSecond`, `subscribeWithinMs`. */
  readonly rules: ConnectionRules;
}

/** Builds the protocol for `--feed <exchange>:<symbols>`; throws a readable Error when invalid. */
export const exchangeProtocol: ExchangeProtocolFactory = (target, endpoint) =>
  createExchangeProtocol(target, endpoint);

/** Timing rules a test may shorten (the real ones are minutes or hours). */
export type RuleOverrides = Partial<Pick<ConnectionRules, 'heartbeatMs' | 'maxConnectionAgeMs'>>;

export function createExchangeProtocol(
  target: Parameters<ExchangeProtocolFactory>[0],
  endpoint: string | null,
  now: () => number = Date.now,
  overrides: RuleOverrides = {},
): ExchangeFeedProtocol {
  const problem =
    checkSymbols(target.exchange, target.symbols) ??
    (endpoint ? checkWebSocketUrl(endpoint) : null);
  if (problem) throw new Error(problem);
  const ctx = createAdapterContext();
  const probe = createTranslator(target.exchange, target.symbols, ctx);
  const rules: ConnectionRules = { ...probe.rules, ...overrides };
  const symbols = target.symbols.length > 0 ? `:${target.symbols.join(',')}` : '';
  return {
    url: probe.url(endpoint),
    source: { kind: 'exchange', label: `${target.exchange}${symbols}` },
    rules,
    // An instrument that left (a finished game, a refused pair) has nothing more to say.
    notices: (at) => ctx.watch.notices(at).filter((n) => ctx.instruments.has(n.instrument)),
    createConnection: () =>
      createExchangeSession(
        createTranslator(target.exchange, target.symbols, ctx),
        rules,
        ctx,
        now,
      ),
  };
}

const NO_ERRORS: readonly AdapterError[] = [];

function createExchangeSession(
  t: Translator,
  rules: ConnectionRules,
  ctx: AdapterContext,
  now: () => number,
): FeedConnection {
  // The instruments go out in a hello with the first frame, and again whenever they change.
  let announce = true;
  let openedAt = now();
  const maxAgeMs = rules.maxConnectionAgeMs;
  return {
    // Exchanges cannot replay by seq; their subscriptions bring fresh snapshots instead.
    open: () => {
      openedAt = now();
      ctx.watch.newConnection();
      return t.onOpen();
    },
    decode(text, at) {
      const receivedAt = at ?? now();
      const translated = t.onMessage(text, receivedAt);
      ctx.watch.frame(receivedAt);
      // Pairs only: a game's state comes when it changes, and a half-time is not a silence.
      for (const tick of translated.ticks)
        if (tick.kind === 'quote' || tick.kind === 'trade' || tick.kind === 'book')
          ctx.watch.heard(tick.instrument, receivedAt);
      for (const s of translated.snapshots ?? [])
        if (s.state.kind === 'market') ctx.watch.heard(s.instrument, receivedAt);
      // Renew before the exchange cuts the connection (Binance: 24 h); frames flow constantly.
      const r =
        maxAgeMs !== undefined && receivedAt - openedAt >= maxAgeMs && !translated.reconnect
          ? {
              ...translated,
              reconnect: `${t.exchange}: renewing the connection before the exchange's age limit`,
            }
          : translated;
      const errors = r.errors ?? NO_ERRORS;
      // A frame that yielded nothing but a read problem is, for the engine, a malformed frame.
      if (r.instruments) announce = true;
      const useless = r.ticks.length === 0 && !r.snapshots && !r.heartbeat && !r.resync;
      if (
        useless &&
        errors.length > 0 &&
        errors.every((e) => e.kind === 'malformed') &&
        !r.reconnect
      )
        return { ok: false, error: errors.map((e) => e.message).join('; ') };
      const messages: ServerMessage[] = [];
      if (announce) {
        announce = false;
        messages.push({
          op: 'hello',
          protocol: PROTOCOL_VERSION,
          heartbeatMs: rules.heartbeatMs,
          instruments: ctx.instruments.list(),
          server: `${t.exchange} (Tickdeck adapter)`,
        });
      }
      if (r.snapshots) messages.push(...r.snapshots);
      if (r.ticks.length > 0) messages.push({ op: 'ticks', ticks: r.ticks });
      if (r.heartbeat) messages.push({ op: 'heartbeat', ts: receivedAt });
      const status = (code: ErrorCode, message: string): StatusMessage => ({
        op: 'status',
        id: null,
        ok: false,
        error: { code, message },
      });
      for (const e of errors) {
        const code =
          e.kind === 'malformed' ? 'BAD_REQUEST' : e.instrument ? 'UNKNOWN_INSTRUMENT' : 'INTERNAL';
        messages.push(status(code, e.message));
      }
      for (const need of r.resync ?? []) messages.push(status('INTERNAL', need.message));
      if (r.reconnect) messages.push(status('INTERNAL', r.reconnect));
      // One per instrument: the first reason a frame gave for it.
      const resync = r.resync
        ? [
            ...new Map(
              r.resync.map(({ instrument, reason }) => [instrument, { instrument, reason }]),
            ).values(),
          ]
        : [];
      return {
        ok: true,
        messages,
        // A venue serves no stored state: its subscription's snapshots are its state now.
        ...(r.snapshots && { snapshotsCurrent: true }),
        ...(resync.length > 0 && { resync }),
        ...(r.reply && { reply: r.reply }),
        ...(r.reconnect !== undefined && { reconnect: r.reconnect }),
        ...(r.fail !== undefined && { fail: r.fail }),
      };
    },
    resync: (instruments) => t.resyncFrames(instruments),
    ...(t.rules.keepalive && { keepalive: t.rules.keepalive }),
  };
}
