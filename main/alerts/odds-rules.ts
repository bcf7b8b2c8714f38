/**
 * A match's `odds-move-pct` rules: per outcome (home, draw, away) the window highs and lows of
 * its odds, shared by every window length, and per length its rules by pct. The highs and lows
 * are regions of the evaluator's shared rings, as the prices' are: a ring of their own per
 * outcome and side cost an odds tick its ExtremaRings object and typed array too (0.55× the
 * rules' CPU at 200 matches; docs/PERFORMANCE.md, "Alerts at scale: the volume windows in one
 * array").
 */
import type { OddsOutcome } from '../../protocol/alerts';
import type { Tick } from '../../protocol/feed';
import type { ExtremaRings } from './extrema-rings';
import type { RuleFirer } from './rule-firer';
import { SortedRules } from './sorted-rules';
import { ExtremaWindows } from './tick-windows';

/** One outcome's windows; `byWindow[k]` holds the rules on window k of `highs` and `lows`. */
interface OutcomeRules {
  readonly outcome: OddsOutcome;
  readonly highs: ExtremaWindows;
  readonly lows: ExtremaWindows;
  readonly byWindow: SortedRules[];
}

export class OddsRules {
  private readonly outcomes: OutcomeRules[] = [];

  constructor(private readonly rings: ExtremaRings) {}

  /** The rules on `outcome` over `windowMs`, created empty the first time. */
  window(outcome: OddsOutcome, windowMs: number): SortedRules {
    let odds = this.outcomes.find((o) => o.outcome === outcome);
    if (!odds) {
      odds = {
        outcome,
        highs: new ExtremaWindows('max', this.rings),
        lows: new ExtremaWindows('min', this.rings),
        byWindow: [],
      };
      this.outcomes.push(odds);
    }
    for (let k = 0; k < odds.highs.windowCount; k++)
      if (odds.highs.windowMs(k) === windowMs) return odds.byWindow[k] as SortedRules;
    odds.highs.addWindow(windowMs);
    odds.lows.addWindow(windowMs);
    const rules = new SortedRules();
    odds.byWindow.push(rules);
    return rules;
  }

  onTick(firer: RuleFirer, tick: Tick & { kind: 'odds' }, at: number): void {
    for (const o of this.outcomes) {
      const v = tick[o.outcome];
      o.highs.push(at, v);
      o.lows.push(at, v);
      // Neither a fall from a window's high nor a rise from its low can reach its lowest
      // rule, judged from each deque's bound: no window's extreme is asked for.
      if (!o.highs.mayReach(v) && !o.lows.mayReach(v)) continue;
      for (let k = 0; k < o.byWindow.length; k++) {
        const rules = o.byWindow[k] as SortedRules;
        const move = Math.max(o.lows.movePct(k, v), o.highs.movePct(k, v));
        if (move >= rules.least) firer.fire(rules, 0, rules.upperBound(move), tick, v, at);
      }
    }
  }

  /** Copies each window's lowest rule threshold into its highs and lows (see `mayReach`). */
  syncThresholds(): void {
    for (const o of this.outcomes)
      for (let k = 0; k < o.byWindow.length; k++) {
        const least = (o.byWindow[k] as SortedRules).least;
        o.highs.setThreshold(k, least);
        o.lows.setThreshold(k, least);
      }
  }

  /** Gives the windows' regions back to the shared rings (the match's index was dropped). */
  release(): void {
    for (const o of this.outcomes) {
      this.rings.release(o.highs.at);
      this.rings.release(o.lows.at);
    }
  }

  /** A new series: empty windows. */
  resetSeries(): void {
    for (const o of this.outcomes) {
      o.highs.clear();
      o.lows.clear();
    }
  }
}
