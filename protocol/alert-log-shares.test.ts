import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './alerts';
import { AlertLogShares, withinAlertShares } from './alert-log-shares';

/** Alert `id` of the rule `rule` (only the fields the shares read matter). */
const alert = (rule: string, id: number) => ({ id, rule: { id: rule } }) as unknown as AlertEvent;
const named = (events: readonly AlertEvent[]) => events.map((e) => `${e.rule.id}${e.id}`);

describe('the alert log shared between rules (bug 244)', () => {
  it("takes a flooding rule's oldest alert, not another rule's", () => {
    const log = new AlertLogShares(4);
    log.add(alert('q', 1));
    for (let id = 2; id <= 50; id++) log.add(alert('n', id));
    expect(named(log.newestFirst())).toEqual(['n50', 'n49', 'n48', 'q1']);
  });

  it("is the newest first when every rule holds as many (the oldest rule's goes)", () => {
    const log = new AlertLogShares(2);
    for (const [rule, id] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      log.add(alert(rule, id));
    expect(named(log.oldestFirst())).toEqual(['b2', 'c3']);
  });

  it('shares the room between two floods, and a quiet rule keeps its own', () => {
    const log = new AlertLogShares(7);
    log.add(alert('q', 0));
    for (let id = 1; id <= 40; id++) log.add(alert(id % 2 === 0 ? 'a' : 'b', id));
    const counts = { a: 0, b: 0, q: 0 };
    for (const e of log.oldestFirst()) counts[e.rule.id as keyof typeof counts]++;
    expect(counts).toEqual({ a: 3, b: 3, q: 1 });
    expect(log.size).toBe(7);
  });

  it('forgets everything when cleared, counts too', () => {
    const log = new AlertLogShares(2);
    log.add(alert('n', 1));
    log.add(alert('n', 2));
    log.clear();
    log.add(alert('q', 3));
    log.add(alert('n', 4));
    log.add(alert('n', 5));
    expect(named(log.newestFirst())).toEqual(['n5', 'q3']);
  });

  it('trims a newest-first list as the log keeps it', () => {
    const list = [alert('n', 5), alert('n', 4), alert('n', 3), alert('q', 2), alert('n', 1)];
    expect(named(withinAlertShares(list, 3))).toEqual(['n5', 'n4', 'q2']);
    expect(withinAlertShares(list, 10)).toEqual(list);
  });
});
