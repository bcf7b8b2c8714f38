/**
 * The alerts panel's form: whether it is open, what it holds (kept while it is closed), the
 * saved rule it edits, and the rules added from it. The panel (AlertsPanel.svelte) keeps
 * focus and folding; what the form is and holds is here.
 */
import type { AlertRule } from '../../../protocol/alerts';
import { emptyAlertForm, formOfDraft, type AlertDraft } from './alert-form';
import { formOfRule } from './alert-form-of-rule';
import { RULE_ROWS } from './alerts.svelte';

export class AlertFormState {
  open = $state(false);
  /** What the form holds, kept while it is closed (the value is cleared once a rule is added). */
  fields = $state(emptyAlertForm());
  /** The saved rule the form edits, or null while it makes a new one. */
  editing = $state.raw<AlertRule | null>(null);
  /** Rules added from the form, listed even past the rows drawn; the newest RULE_ROWS. */
  added = $state.raw<readonly string[]>([]);

  /** A form asked for elsewhere (a watchlist row's context menu, a price line): prefilled. */
  drafted(draft: AlertDraft): void {
    if (this.editing) this.startNew();
    this.fields = formOfDraft(this.fields, draft);
    this.open = true;
  }

  /** A rule saved from the form: an edit ends; a new rule's value, note and expiry are cleared. */
  saved(id: string): void {
    if (this.editing) return this.startNew();
    this.added = [...this.added.slice(1 - RULE_ROWS), id];
    this.fields.value = '';
    this.fields.note = '';
    this.fields.expires = '';
  }

  /** New alert: opens the form on a new rule, or closes it; a folded panel's always opens. */
  toggleNew(folded: boolean): void {
    if (this.editing) {
      this.startNew();
      this.open = true;
    } else this.open = folded || !this.open;
  }

  /** A rule's Edit: the form opens on it, filled in as of `now`; Save replaces it. */
  edit(rule: AlertRule, now: number): void {
    this.editing = rule;
    this.fields = formOfRule(rule, now);
    this.open = true;
  }

  /** Leaves an edit: the form is a new rule's again, empty (not the edited rule's copy). */
  startNew(): void {
    this.editing = null;
    this.fields = emptyAlertForm();
  }
}
