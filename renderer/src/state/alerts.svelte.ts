/**
 * The page's alerts: the rules with their states (from `alerts:get`), the log newest first,
 * and the toasts of alerts fired while the page is open. The host is the truth for rules,
 * states and the log. The whole view (megabytes with thousands of rules) is fetched at start,
 * on a reconnect and when the page missed a change; a fired alert (`alert:fired`) and what
 * changed (`alert:states`: states, the rules an edit touched, a cleared log, numbered) arrive
 * as small messages of their own, applied here.
 */
import type {
  AlertEvent,
  AlertRule,
  AlertRuleState,
  AlertStatesChange,
} from '../../../protocol/alerts';
import { applyAlertListChange } from '../../../protocol/alert-list-change';
import { flushSync } from 'svelte';
import type { AlertsView } from '../../../protocol/commands';
import type { TickdeckApi } from '../../../protocol/ipc';
import type { AlertDraft } from './alert-form';
import { alertNotifier } from './alert-notifier';
import type { AlertSound } from './alert-sound';

/** Most log entries the page holds (the host keeps up to 1,000; the panel shows the newest). */
export const MAX_SHOWN_ALERTS = 200;
/** Rule rows the alerts panel draws at first, and more at each "Show more". */
export const RULE_ROWS = 200;
/** Most toasts on screen at once: a burst of alerts replaces the oldest. */
export const MAX_TOASTS = 5;
/** How long a toast stays before it dismisses itself, ms. */
export const TOAST_MS = 8_000;
/**
 * Most changes held while a view is on its way (a desktop page may hear some the view already
 * holds before the view itself); past this the oldest go, and the version gap that leaves
 * makes the page fetch the view again.
 */
export const MAX_HELD_CHANGES = 1_000;
/** Longest an alert heard by a shown page waits for an animation frame, ms. */
const HEARD_AT_MOST_MS = 100;

export interface AlertToast {
  /** The alert's key (see {@link alertKey}). */
  readonly key: string;
  readonly event: AlertEvent;
}

/** Alert ids restart with the engine; with the firing time they name one log entry. */
export function alertKey(event: AlertEvent): string {
  return `${event.firedAt}:${event.id}`;
}

/** The words a toast, log line or notification shows: rule, value, and replay if it is one. */
export function alertSummary(event: AlertEvent): string {
  const value = event.tick?.value;
  const at = value === null || value === undefined ? '' : ` at ${value}`;
  return `${event.text}${at}${event.replayPosition === null ? '' : ' (replay)'}`;
}

/** The browser's Notification API, as far as this page uses it (absent in Electron's page). */
export interface BrowserNotifications {
  permission(): NotificationPermission;
  request(): Promise<NotificationPermission>;
  show(title: string, body: string): void;
}

export function browserNotifications(): BrowserNotifications | null {
  if (typeof Notification !== 'function') return null;
  return {
    permission: () => Notification.permission,
    request: () => Notification.requestPermission(),
    show: (title, body) => void new Notification(title, { body }),
  };
}

export class AlertsState {
  rules = $state.raw<readonly AlertRule[]>([]);
  states = $state.raw<Readonly<Record<string, AlertRuleState>>>({});
  /** Newest first, at most {@link MAX_SHOWN_ALERTS}. */
  log = $state.raw<readonly AlertEvent[]>([]);
  toasts = $state.raw<readonly AlertToast[]>([]);
  /** Browser mode: the user turned notifications on (and the browser allowed them). */
  notify = $state.raw(false);
  /** A new-alert form asked for elsewhere (a watchlist row, a price line), for the panel. */
  draft = $state.raw<AlertDraft | null>(null);
  /** The last failed command, for the panel to show. */
  error = $state.raw<string | null>(null);
  readonly #api: TickdeckApi;
  /** Null in Electron, where main raises the desktop notifications. */
  readonly #notifications: BrowserNotifications | null;
  readonly #sound: AlertSound | null;
  /** Browser notifications, at most one a second (alert-notifier.ts). */
  readonly #notifier = alertNotifier((event, more) => {
    // Turned off while one was held: it stays unshown.
    if (!this.notify) return;
    const rest = more > 0 ? ` · and ${more} more alert${more === 1 ? '' : 's'}` : '';
    this.#notifications?.show('Tickdeck alert', `${alertSummary(event)}${rest}`);
  });
  #timers: ReturnType<typeof setTimeout>[] = [];
  /** Alerts heard and waiting for the next animation frame (see {@link #hear}). */
  #heard: AlertEvent[] = [];
  #heardFrame = 0;
  #heardTimer: ReturnType<typeof setTimeout> | undefined;
  /** Alerts heard so far: those heard after a view was asked for are not in it yet. */
  #heardCount = 0;
  /** The last change applied (`AlertStatesChange.version`); null before the first view. */
  #version: number | null = null;
  /** Views asked for and not yet answered. */
  #fetching = 0;
  /** The number of the last view asked for: an earlier one answered after it says less. */
  #lastFetch = 0;
  /** Changes heard while a view was on its way, applied after it (those it lacks). */
  #held: AlertStatesChange[] = [];

  constructor(
    api: TickdeckApi,
    notifications: BrowserNotifications | null = null,
    sound: AlertSound | null = null,
  ) {
    this.#api = api;
    this.#notifications = api.host === 'web' ? notifications : null;
    this.#sound = sound;
  }

  /** The browser can notify (browser mode with the Notification API). */
  get canNotify(): boolean {
    return this.#notifications !== null;
  }

  /** Listens for fired alerts and changes, and loads the view; the returned function stops it. */
  start(): () => void {
    const offs = [
      this.#api.on('alert:fired', (event) => this.#hear(event)),
      this.#api.on('alert:states', (change) => this.changed(change)),
      // Whatever the host said while the socket was down is lost: take its view again.
      this.#api.on('app:reconnected', () => this.refresh()),
    ];
    this.refresh();
    return () => {
      for (const off of offs) off();
      for (const t of this.#timers.splice(0)) clearTimeout(t);
      this.#notifier.stop();
      this.#applyHeard();
    };
  }

  refresh = () => {
    const heardBefore = this.#heardCount;
    const fetch = ++this.#lastFetch;
    this.#fetching++;
    this.#api.invoke('alerts:get').then(
      (view) => {
        this.#fetching--;
        // Taken whatever its version: a host that restarted numbers its changes from 0 again.
        if (fetch === this.#lastFetch) this.#apply(view, heardBefore);
        this.error = null;
        this.#release();
      },
      (err: unknown) => {
        this.#fetching--;
        this.error = (err as Error).message;
        this.#release();
      },
    );
  };

  /**
   * An alert from the host, applied with the others heard before the next animation frame, in
   * that frame's work: a rule firing on every tick (hundreds a second) re-rendered the log and
   * the toasts once per alert, and the charts beside them lost half their frames. A hidden
   * page draws no frames but must still notify: there each alert applies at once.
   */
  #hear(event: AlertEvent): void {
    if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
      this.#applyHeard();
      this.fired(event);
      return;
    }
    this.#heard.push(event);
    if (this.#heardFrame !== 0) return;
    this.#heardFrame = requestAnimationFrame(this.#applyHeard);
    // A page hidden before its frame came draws none: the timer applies them then.
    this.#heardTimer = setTimeout(this.#applyHeard, HEARD_AT_MOST_MS);
  }

  readonly #applyHeard = (): void => {
    if (this.#heardFrame !== 0) cancelAnimationFrame(this.#heardFrame);
    clearTimeout(this.#heardTimer);
    this.#heardFrame = 0;
    const events = this.#heard.splice(0);
    for (const event of events) this.fired(event);
    // The DOM is written here, in the frame's own work, not in a microtask after it.
    if (events.length > 0) flushSync();
  };

  fired(event: AlertEvent): void {
    const key = alertKey(event);
    // The host logs an alert before the page hears of it, so a view that arrived in between
    // already lists it (twice would also be a duplicate key in the log's keyed list).
    if (!this.log.some((e) => alertKey(e) === key)) {
      this.#heardCount++;
      this.log = [event, ...this.log].slice(0, MAX_SHOWN_ALERTS);
    }
    this.toasts = [{ key, event }, ...this.toasts].slice(0, MAX_TOASTS);
    this.#later(() => this.dismiss(key), TOAST_MS);
    // A replay is the past: it never raises a desktop notification.
    if (this.notify && event.replayPosition === null) this.#notifier(event);
    this.#sound?.heard(event);
  }

  /**
   * The host's news, in order: the next change is applied; one the page holds already is
   * ignored; a gap (a change missed) or one that does not fit the list fetches the view.
   */
  changed(change: AlertStatesChange): void {
    if (this.#fetching > 0) {
      this.#held = [...this.#held, change].slice(-MAX_HELD_CHANGES);
      return;
    }
    if (this.#version !== null && change.version <= this.#version) return;
    if (this.#version === null || change.version !== this.#version + 1) return this.refresh();
    const rules =
      change.put.length > 0 || change.removed.length > 0
        ? applyAlertListChange(this.rules, change)
        : this.rules;
    if (rules === null) return this.refresh();
    this.#version = change.version;
    this.rules = rules;
    if (Object.keys(change.states).length > 0 || change.removed.length > 0) {
      const states = { ...this.states, ...change.states };
      // A moved rule is removed and put again: its state stays.
      const putAgain: Record<string, true> = {};
      for (const { rule } of change.put) putAgain[rule.id] = true;
      for (const id of change.removed) if (!putAgain[id]) delete states[id];
      this.states = states;
    }
    if (change.logCleared) this.log = [];
  }

  dismiss = (key: string) => {
    this.toasts = this.toasts.filter((t) => t.key !== key);
  };

  // What an edit changed reaches every page, this one too, as an `alert:states` change.
  save = (rule: AlertRule) => this.#run(this.#api.invoke('alerts:save', rule));
  remove = (id: string) => this.#run(this.#api.invoke('alerts:delete', id));
  clearLog = () => this.#run(this.#api.invoke('alerts:clear-log'));
  setEnabled = (rule: AlertRule, enabled: boolean) => this.save({ ...rule, enabled });

  /** The log as CSV text from the host; null (with the error shown) when that failed. */
  async csv(): Promise<string | null> {
    try {
      return await this.#api.invoke('alerts:export-csv');
    } catch (err) {
      this.error = `Export failed: ${(err as Error).message}`;
      return null;
    }
  }

  /** Turns browser notifications on (asking the browser first) or off. */
  setNotify = async (on: boolean) => {
    if (!on || !this.#notifications) {
      this.notify = false;
      return;
    }
    const granted =
      this.#notifications.permission() === 'granted' ||
      (await this.#notifications.request()) === 'granted';
    this.notify = granted;
    if (!granted) this.error = 'The browser did not allow notifications (see its site settings).';
  };

  /** Takes the host's view; alerts heard since it was asked for stay in the log. */
  #apply(view: AlertsView, heardBefore: number): void {
    const known: Record<string, true> = {};
    for (const e of view.log) known[alertKey(e)] = true;
    const since = Math.min(this.#heardCount - heardBefore, this.log.length);
    const heard = this.log.slice(0, since).filter((e) => !known[alertKey(e)]);
    this.rules = view.rules;
    this.states = view.states;
    this.log = [...heard, ...view.log].slice(0, MAX_SHOWN_ALERTS);
    this.#version = view.version;
  }

  /** Once no view is on its way, applies the changes held meanwhile. */
  #release(): void {
    if (this.#fetching > 0 || this.#version === null) return;
    for (const change of this.#held.splice(0)) this.changed(change);
  }

  #run(command: Promise<unknown>): Promise<void> {
    return command.then(
      () => {
        this.error = null;
      },
      (err: unknown) => {
        this.error = (err as Error).message;
      },
    );
  }

  #later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers = this.#timers.filter((other) => other !== t);
      fn();
    }, ms);
    this.#timers.push(t);
  }
}
