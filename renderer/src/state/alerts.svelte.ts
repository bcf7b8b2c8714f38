/**
 * The page's alerts: the rules with their states (from `alerts:get`), the log newest first,
 * and the toasts of alerts fired while the page is open. The host is the truth for rules,
 * states and the log. The whole view (megabytes with thousands of rules) is fetched at start,
 * on a reconnect and when the page missed a change; a fired alert (`alert:fired`) and what
 * changed (`alert:states`: states, the rules an edit touched, a cleared log, numbered) arrive
 * as small messages of their own, applied here. Its parts: the frame's intake of heard alerts
 * (heard-alerts.ts), the toasts (alert-toasts.svelte.ts), browser notifications
 * (browser-alert-notices.svelte.ts), the view's changes in order (alert-change-order.ts)
 * and applied (alerts-view.ts), and the commands to the host (alert-commands.ts).
 */
import type {
  AlertEvent,
  AlertRule,
  AlertRuleState,
  AlertStatesChange,
} from '../../../protocol/alerts';
import { withinAlertShares } from '../../../protocol/alert-log-shares';
import type { AlertsView } from '../../../protocol/commands';
import type { TickdeckApi } from '../../../protocol/ipc';
import { alertCommands, type AlertCommands } from './alert-commands';
import type { AlertDraft } from './alert-form';
import type { AlertSound } from './alert-sound';
import { AlertToasts } from './alert-toasts.svelte';
import { alertKey } from './alert-words';
import { BrowserAlertNotices, type BrowserNotifications } from './browser-alert-notices.svelte';
import { AlertChangeOrder } from './alert-change-order';
import { logWithHeard, rulesAfter, statesAfter } from './alerts-view';
import { HeardAlerts } from './heard-alerts';

/**
 * Most log entries the page holds (the host keeps up to 1,000; the panel shows the newest),
 * the room shared between rules as the host's log shares it.
 */
export const MAX_SHOWN_ALERTS = 200;
/** Rule rows the alerts panel draws at first, and more at each "Show more". */
export const RULE_ROWS = 200;
// The constructor's notifications, and where App and PanelApp take the browser's from.
export { browserNotifications, type BrowserNotifications } from './browser-alert-notices.svelte';

export class AlertsState {
  rules = $state.raw<readonly AlertRule[]>([]);
  states = $state.raw<Readonly<Record<string, AlertRuleState>>>({});
  /** Newest first, at most {@link MAX_SHOWN_ALERTS} (protocol/alert-log-shares.ts). */
  log = $state.raw<readonly AlertEvent[]>([]);
  /** A new-alert form asked for elsewhere (a watchlist row, a price line), for the panel. */
  draft = $state.raw<AlertDraft | null>(null);
  /** The last failed command, for the panel to show. */
  error = $state.raw<string | null>(null);
  readonly #api: TickdeckApi;
  readonly #commands: AlertCommands;
  readonly #notices: BrowserAlertNotices;
  readonly #sound: AlertSound | null;
  readonly #toasts = new AlertToasts();
  /** Alerts from the host, applied together once an animation frame (heard-alerts.ts). */
  readonly #heard = new HeardAlerts((event) => this.fired(event));
  /** Alerts heard so far: those heard after a view was asked for are not in it yet. */
  #heardCount = 0;
  readonly #order = new AlertChangeOrder();

  /** `show` charts an instrument: a browser notification's, when it is clicked. */
  constructor(
    api: TickdeckApi,
    notifications: BrowserNotifications | null = null,
    sound: AlertSound | null = null,
    show?: (instrument: string) => void,
  ) {
    this.#api = api;
    this.#commands = alertCommands(api, (error) => (this.error = error));
    this.#notices = new BrowserAlertNotices(api.host === 'web' ? notifications : null, show);
    this.#sound = sound;
  }

  /** The toasts on screen, newest first. */
  get toasts() {
    return this.#toasts.list;
  }

  /** Browser mode: the user turned notifications on (and the browser allowed them). */
  get notify(): boolean {
    return this.#notices.on;
  }

  /** The browser can notify (browser mode with the Notification API). */
  get canNotify(): boolean {
    return this.#notices.notifications !== null;
  }

  /** Listens for fired alerts and changes, and loads the view; the returned function stops it. */
  start(): () => void {
    const offs = [
      this.#api.on('alert:fired', (event) => this.#heard.hear(event)),
      this.#api.on('alert:states', (change) => this.changed(change)),
      // Whatever the host said while the socket was down is lost: take its view again.
      this.#api.on('app:reconnected', () => this.refresh()),
    ];
    this.refresh();
    return () => {
      for (const off of offs) off();
      this.#toasts.stop();
      this.#notices.stop();
      this.#heard.flush();
    };
  }

  refresh = () => {
    const heardBefore = this.#heardCount;
    const fetch = this.#order.asked();
    this.#api.invoke('alerts:get').then(
      (view) => {
        // Taken whatever its version: a host that restarted numbers its changes from 0 again.
        if (this.#order.answered(fetch)) this.#apply(view, heardBefore);
        this.error = null;
        this.#release();
      },
      (err: unknown) => {
        this.#order.answered(fetch);
        this.error = (err as Error).message;
        this.#release();
      },
    );
  };

  fired(event: AlertEvent): void {
    const key = alertKey(event);
    // The host logs an alert before the page hears of it, so a view that arrived in between
    // already lists it (twice would also be a duplicate key in the log's keyed list).
    if (!this.log.some((e) => alertKey(e) === key)) {
      this.#heardCount++;
      this.log = withinAlertShares([event, ...this.log], MAX_SHOWN_ALERTS);
    }
    this.#toasts.show(key, event);
    this.#notices.heard(event);
    this.#sound?.heard(event);
  }

  /**
   * The host's news, in order: the next change is applied; one the page holds already is
   * ignored; a gap (a change missed) or one that does not fit the list fetches the view.
   */
  changed(change: AlertStatesChange): void {
    const place = this.#order.place(change);
    if (place === 'held' || place === 'known') return;
    const rules = place === 'gap' ? null : rulesAfter(this.rules, change);
    if (rules === null) return this.refresh();
    this.#order.applied(change.version);
    this.rules = rules;
    const states = statesAfter(this.states, change);
    if (states !== this.states) this.states = states;
    if (change.logCleared) this.log = [];
  }

  dismiss = (key: string) => this.#toasts.dismiss(key);

  // What an edit changed reaches every page, this one too, as an `alert:states` change.
  save = (rule: AlertRule) => this.#commands.save(rule);
  remove = (id: string) => this.#commands.remove(id);
  clearLog = () => this.#commands.clearLog();
  setEnabled = (rule: AlertRule, enabled: boolean) => this.save({ ...rule, enabled });
  /** The log as CSV text from the host; null (with the error shown) when that failed. */
  csv = () => this.#commands.csv();

  /**
   * Turns browser notifications on (asking the browser first) or off; whether they are on.
   * The caller saves the choice, which {@link followNotify} takes back on the next load.
   */
  setNotify = async (on: boolean): Promise<boolean> => {
    if (!(await this.#notices.turn(on)))
      this.error = 'The browser did not allow notifications (see its site settings).';
    return this.#notices.on;
  };

  /** The saved choice of notifications: on while the browser allows them (never asked here). */
  followNotify(saved: boolean): void {
    this.#notices.follow(saved);
  }

  /** Takes the host's view; alerts heard since it was asked for stay in the log. */
  #apply(view: AlertsView, heardBefore: number): void {
    const heardSince = this.#heardCount - heardBefore;
    this.rules = view.rules;
    this.states = view.states;
    this.log = logWithHeard(view.log, this.log, heardSince, MAX_SHOWN_ALERTS);
    this.#order.applied(view.version);
  }

  /** Once no view is on its way, applies the changes held meanwhile. */
  #release(): void {
    for (const change of this.#order.released()) this.changed(change);
  }
}
