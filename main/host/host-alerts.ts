/**
 * The host's side of alerts: the rules the engine evaluates (saved ones from the settings,
 * then this run's `--alert` ones), the commands that edit them, the log every fired alert
 * goes to before the page hears of it, and the changes the pages are told of
 * (`AlertStatesChange`: states, the rules an edit touched, a cleared log), numbered so that a
 * page needs the whole view only when it starts or misses one.
 */
import type {
  AlertEvent,
  AlertRule,
  AlertRuleState,
  AlertStatesChange,
} from '../../protocol/alerts';
import { stateAfterFire } from '../../protocol/alerts';
import type { AlertListChange } from '../../protocol/alert-list-change';
import { alertListChange } from '../../protocol/alert-list-change';
import type { AlertsView } from '../../protocol/commands';
import { MAX_ALERT_RULES } from '../../protocol/limits';
import type { AlertLog } from '../alerts/alert-log';
import { alertLogCsv } from '../alerts/alert-log';
import type { FeedEngine } from '../feed/engine';
import type { SettingsStore } from './settings-store';

/**
 * How often the rule states are compared for changes no alert announced (pending to armed when
 * the feed gets the instrument, expired), ms: the pages used to fetch the whole view this often.
 */
export const ALERT_STATES_POLL_MS = 5_000;

/** An edit that touched no rule (a fired alert, the timer's comparison, a cleared log). */
const NO_LIST_CHANGE: AlertListChange = { put: [], removed: [] };

export class HostAlerts {
  /** Each rule's state as the pages were last told (by a view or a change). */
  private readonly told: Record<string, AlertRuleState>;
  /** The rules as the engine has them and the pages were last told. */
  private listed: readonly AlertRule[];
  /** The last change's number (`AlertStatesChange.version`); a view includes up to it. */
  private version = 0;
  private readonly poll: ReturnType<typeof setInterval>;

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    private readonly log: AlertLog,
    /** This run's `--alert` rules: evaluated, shown, never saved. */
    private readonly runRules: readonly AlertRule[],
    /** Hears each alert once it is in the log (on disk when the log has a file). */
    deliver: (event: AlertEvent) => void,
    /** Hears what changed for the pages: states, rules, the log. */
    private readonly changed: (change: AlertStatesChange) => void,
    onError: (message: string) => void,
  ) {
    const fired = (event: AlertEvent) => {
      deliver(event);
      this.tell({ [event.rule.id]: stateAfterFire(event.rule) });
    };
    engine.onAlert((event) => {
      this.log.append(event).then(
        () => fired(event),
        (err: unknown) => {
          onError(`An alert could not be saved to the alert log: ${(err as Error).message}`);
          fired(event);
        },
      );
    });
    this.listed = this.rules();
    this.engine.setAlertRules(this.listed);
    // What a first view says: the first comparison then sends only what changed since.
    this.told = { ...this.engine.alertStates() };
    this.poll = setInterval(() => this.tell(this.engine.alertStates()), ALERT_STATES_POLL_MS);
    this.poll.unref?.();
  }

  /** Hands the engine the current rules (after any change to the saved ones); tells the pages. */
  apply(): void {
    const rules = this.rules();
    this.engine.setAlertRules(rules);
    const list = alertListChange(this.listed, rules);
    this.listed = rules;
    // The engine takes its calls in order, so these are the new rules' states.
    this.tell(this.engine.alertStates(), list);
  }

  /** Stops comparing states (the host is closing). */
  close(): void {
    clearInterval(this.poll);
  }

  view(): AlertsView {
    // A state the engine has and the pages were not told goes out first, as a change of its
    // own: the view then says exactly what the changes up to its version say.
    this.tell(this.engine.alertStates());
    return {
      rules: this.listed,
      states: { ...this.told },
      log: this.log.entries(),
      version: this.version,
    };
  }

  // Both edit the list as saved when the change applies: two edits sent at once (one page's,
  // or two pages') each keep the other's.
  async save(rule: AlertRule): Promise<void> {
    await this.settings.updateWith(({ alerts: saved }) => {
      const at = saved.findIndex((r) => r.id === rule.id);
      if (at < 0 && saved.length >= MAX_ALERT_RULES)
        throw new Error(`at most ${MAX_ALERT_RULES} alert rules; delete one first`);
      return { alerts: at < 0 ? [...saved, rule] : saved.map((r, i) => (i === at ? rule : r)) };
    });
    this.apply();
  }

  async delete(id: string): Promise<void> {
    await this.settings.updateWith(({ alerts: saved }) => {
      if (!saved.some((r) => r.id === id)) throw new Error(`no saved alert rule "${id}"`);
      return { alerts: saved.filter((r) => r.id !== id) };
    });
    this.apply();
  }

  async clearLog(): Promise<void> {
    await this.log.clear();
    this.tell({}, NO_LIST_CHANGE, true);
  }

  csv(): string {
    return alertLogCsv(this.log.entries());
  }

  private rules(): AlertRule[] {
    return [...this.settings.current().alerts, ...this.runRules];
  }

  /**
   * Tells the pages the states in `now` that differ from what they were told, with the rules
   * an edit touched and whether the log was cleared; says nothing when nothing changed.
   */
  private tell(
    now: Readonly<Record<string, AlertRuleState>>,
    list: AlertListChange = NO_LIST_CHANGE,
    logCleared = false,
  ): void {
    const states: Record<string, AlertRuleState> = {};
    let any = list.put.length > 0 || list.removed.length > 0 || logCleared;
    for (const id in now)
      if (this.told[id] !== now[id]) {
        states[id] = this.told[id] = now[id]!;
        any = true;
      }
    for (const id of list.removed) if (!(id in now)) delete this.told[id];
    if (any) this.changed({ version: ++this.version, states, ...list, logCleared });
  }
}
