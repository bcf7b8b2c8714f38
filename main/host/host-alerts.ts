/**
 * The host's side of alerts: the rules the engine evaluates (saved ones from the settings,
 * then this run's `--alert` ones), the commands that edit them, and the log every fired alert
 * goes to before the page hears of it.
 */
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import type { AlertsView } from '../../protocol/commands';
import { MAX_ALERT_RULES } from '../../protocol/limits';
import type { AlertLog } from '../alerts/alert-log';
import { alertLogCsv } from '../alerts/alert-log';
import type { FeedEngine } from '../feed/engine';
import type { SettingsStore } from './settings-store';

export class HostAlerts {
  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    private readonly log: AlertLog,
    /** This run's `--alert` rules: evaluated, shown, never saved. */
    private readonly runRules: readonly AlertRule[],
    /** Hears each alert once it is in the log (on disk when the log has a file). */
    deliver: (event: AlertEvent) => void,
    onError: (message: string) => void,
  ) {
    engine.onAlert((event) => {
      this.log.append(event).then(
        () => deliver(event),
        (err: unknown) => {
          onError(`An alert could not be saved to the alert log: ${(err as Error).message}`);
          deliver(event);
        },
      );
    });
    this.apply();
  }

  /** Hands the engine the current rules (after any change to the saved ones). */
  apply(): void {
    this.engine.setAlertRules([...this.settings.current().alerts, ...this.runRules]);
  }

  view(): AlertsView {
    return {
      rules: [...this.settings.current().alerts, ...this.runRules],
      states: this.engine.alertStates(),
      log: this.log.entries(),
    };
  }

  async save(rule: AlertRule): Promise<AlertsView> {
    const saved = this.settings.current().alerts;
    const at = saved.findIndex((r) => r.id === rule.id);
    if (at < 0 && saved.length >= MAX_ALERT_RULES)
      throw new Error(`at most ${MAX_ALERT_RULES} alert rules; delete one first`);
    const alerts = at < 0 ? [...saved, rule] : saved.map((r, i) => (i === at ? rule : r));
    await this.settings.update({ alerts });
    this.apply();
    return this.view();
  }

  async delete(id: string): Promise<AlertsView> {
    const saved = this.settings.current().alerts;
    if (!saved.some((r) => r.id === id)) throw new Error(`no saved alert rule "${id}"`);
    await this.settings.update({ alerts: saved.filter((r) => r.id !== id) });
    this.apply();
    return this.view();
  }

  async clearLog(): Promise<AlertsView> {
    await this.log.clear();
    return this.view();
  }

  csv(): string {
    return alertLogCsv(this.log.entries());
  }
}
