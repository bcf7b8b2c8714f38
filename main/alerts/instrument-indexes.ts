/**
 * The instruments' rule indexes (InstrumentAlerts) for the current rule list: built anew for
 * each list, except that an instrument whose indexed rules all kept their slots keeps its index,
 * and with it its windows and last prices, so editing one rule disturbs no other instrument.
 */
import type { AlertRowTable } from './alert-row-table';
import { InstrumentAlerts } from './instrument-alerts';
import type { FireSink } from './rule-firer';
import type { RuleSlot } from './rule-slot';

export class InstrumentIndexes {
  private indexes = new Map<string, InstrumentAlerts>();
  /** Per instrument, the slots its index was built from. */
  private slots: ReadonlyMap<string, readonly RuleSlot[]> = new Map();

  constructor(
    private readonly sink: FireSink,
    private readonly rows: AlertRowTable,
  ) {}

  /** Indexes each instrument's enabled, unfired slots; gives back the rows of indexes dropped. */
  set(byInstrument: ReadonlyMap<string, readonly RuleSlot[]>): void {
    const indexes = new Map<string, InstrumentAlerts>();
    for (const [id, list] of byInstrument) {
      const was = this.slots.get(id);
      const same =
        was !== undefined && was.length === list.length && was.every((s, i) => s === list[i]);
      const kept = same ? this.indexes.get(id) : undefined;
      const index = kept ?? new InstrumentAlerts(this.sink, this.rows);
      if (!kept) for (const slot of list) index.add(slot);
      indexes.set(id, index);
    }
    for (const [id, index] of this.indexes) if (indexes.get(id) !== index) index.release();
    this.indexes = indexes;
    this.slots = byInstrument;
  }

  get(instrument: string): InstrumentAlerts | undefined {
    return this.indexes.get(instrument);
  }

  /** A new series (new source, replay seek): every index forgets its prices and windows. */
  resetSeries(): void {
    for (const index of this.indexes.values()) index.resetSeries();
  }
}
