/**
 * Where an instrument's fold state keeps the alert evaluator's index of that instrument's
 * rules, so a folded tick reaches its rules without a lookup by id: the fold has just found
 * the state by the same id, and a second hash probe per tick was a tenth of the evaluator's
 * time at 200k ticks/s over 1,000 instruments (docs/PERFORMANCE.md, "Alerts at scale"). The
 * fold hands the state to the evaluator with each tick; the evaluator takes the kept index
 * only if it kept it for this rule list and this id (a source's ids gain a prefix when a
 * second source joins), and otherwise looks it up once and keeps it.
 */
export interface AlertIndexSlot {
  /**
   * What the evaluator kept (its shape is the evaluator's: the index's row in its table, -1
   * for an instrument with no rules).
   */
  alertIndex: unknown;
  /** The instrument id it was found under; null before any. */
  alertIndexId: string | null;
  /** The rule list it was found in (the evaluator's version, unique across evaluators). */
  alertIndexVersion: number;
}
