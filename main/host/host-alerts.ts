/**
 * The host's side of alerts: the rules the engine evaluates (saved ones from the settings,
 * then this run's `--alert` ones), the commands that edit them, the log every fired alert
 * goes to before the page hears of it (./logged-alerts.ts), and the changes the pages are told of
 * (`AlertStatesChange`: states, the rules an edit touched, a cleared log), numbered so that a
 * page needs the whole view only when it starts or misses one. A saved `once` rule that fires
 * is saved as fired (./fired-rules), so a restart does not arm it again. The engine is asked for every
 * rule's state only at the start and after an edit; a fire is told from its alert, and any
 * other change (pending ↔ armed, expired) the engine reports itself when it happens
 * (`FeedEngine.onAlertStates`), so nothing polls 10,000 states.
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
import type { FeedEngine } from '../feed/engine-api';
import { keepsTriggerState } from '../alerts/rule-slot';
import type { Notice } from '../../protocol/ipc';
import { FiredRuleSaver, withFiredState } from './fired-rules';
import { logEachAlert } from './logged-alerts';
import type { SettingsStore } from './settings-store';

/** An edit that touched no rule (a fired alert, a change the engine reported, a cleared log). */
const NO_LIST_CHANGE: AlertListChange = { put: [], removed: [] };

export class HostAlerts {
  /** Each rule's state as the pages were last told (by a view or a change). */
  private readonly told: Record<string, AlertRuleState>;
  /** The rules as the engine has them and the pages were last told. */
  private listed: readonly AlertRule[];
  /** The last change's number (`AlertStatesChange.version`); a view includes up to it. */
  private version = 0;
  /** `listed` by id, for the fired alerts' rules. */
  private byId = new Map<string, AlertRule>();
  private readonly unlisten: () => void;
  private readonly firedRules: FiredRuleSaver;

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
    notify: (notice: Notice) => void,
  ) {
    const firedRules = new FiredRuleSaver(settings, () => this.relist(), notify);
    this.firedRules = firedRules;
    const fired = (event: AlertEvent) => {
      deliver(event);
      firedRules.fired(event);
      if (this.isCurrent(event.rule)) this.tell({ [event.rule.id]: stateAfterFire(event.rule) });
    };
    logEachAlert(engine, log, fired, (message) => notify({ level: 'error', message }));
    this.listed = this.rules();
    this.byId = new Map(this.listed.map((r) => [r.id, r]));
    this.engine.setAlertRules(this.listed);
    // What a first view says: the engine then reports only what changes after this read.
    this.told = { ...this.engine.alertStates() };
    this.unlisten = engine.onAlertStates((states) => this.tell(states));
  }

  /** Hands the engine the current rules (after any change to the saved ones); tells the pages. */
  apply(): void {
    const rules = this.rules();
    this.engine.setAlertRules(rules);
    const list = alertListChange(this.listed, rules);
    this.listed = rules;
    this.byId = new Map(rules.map((r) => [r.id, r]));
    // The engine takes its calls in order, so these are the new rules' states.
    this.tell(this.engine.alertStates(), list);
  }

  /**
   * Tells the pages the saved rules as they now are when only their fired times changed: the
   * engine holds those rules fired already, so it is not handed the list nor asked its states.
   */
  private relist(): void {
    const rules = this.rules();
    const list = alertListChange(this.listed, rules);
    this.listed = rules;
    this.byId = new Map(rules.map((r) => [r.id, r]));
    this.tell({}, list);
  }

  /** Stops hearing the engine's states (the host is closing). */
  close(): void {
    this.unlisten();
    this.firedRules.close();
  }

  /** What the changes up to `version` say: every state the engine reported is in them. */
  view(): AlertsView {
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
    let rearmed = false;
    await this.settings.updateWith(({ alerts: saved }) => {
      const at = saved.findIndex((r) => r.id === rule.id);
      if (at < 0 && saved.length >= MAX_ALERT_RULES)
        throw new Error(`at most ${MAX_ALERT_RULES} alert rules; delete one first`);
      const kept = withFiredState(rule, saved[at]);
      rearmed = at >= 0 && !keepsTriggerState(saved[at]!, rule);
      return { alerts: at < 0 ? [...saved, kept] : saved.map((r, i) => (i === at ? kept : r)) };
    });
    // Enabled again, or asks a new question: a fire not yet written must not be saved now.
    if (rearmed) this.firedRules.forget(rule.id);
    this.apply();
  }

  async delete(id: string): Promise<void> {
    await this.settings.updateWith(({ alerts: saved }) => {
      if (!saved.some((r) => r.id === id)) throw new Error(`no saved alert rule "${id}"`);
      return { alerts: saved.filter((r) => r.id !== id) };
    });
    this.firedRules.forget(id);
    this.apply();
  }

  async clearLog(): Promise<void> {
    await this.log.clear();
    this.tell({}, NO_LIST_CHANGE, true);
  }

  csv(): string {
    return alertLogCsv(this.log.entries());
  }

  /**
   * Whether a fired alert's rule is still the listed one, unexpired: an edit since it fired (its
   * alert may reach here after the edit's read of states, which counts the fire or re-armed
   * the rule) or its expiry left the state to what the engine read or reports.
   */
  private isCurrent(rule: AlertRule): boolean {
    const listed = this.byId.get(rule.id);
    if (listed === undefined || JSON.stringify(listed) !== JSON.stringify(rule)) return false;
    return rule.expiresAt === null || Date.now() < rule.expiresAt;
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
