/**
 * The instruments a feed client resynced whose snapshot has not come yet, each with its
 * deadline, and one timer for the earliest: an instrument past its deadline would stay frozen
 * with its ticks held, so the owner is told (and replaces the connection).
 */
export class ResyncDeadlines {
  private readonly deadlines = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly overdue: (instruments: readonly string[]) => void) {}

  /** Awaits these instruments' snapshots by `deadline` (epoch ms); one already awaited keeps its own. */
  expect(instruments: readonly string[], deadline: number): void {
    for (const id of instruments) if (!this.deadlines.has(id)) this.deadlines.set(id, deadline);
    this.arm();
  }

  /** The instrument's snapshot came (whether it was awaited or not). */
  arrived(instrument: string): void {
    if (this.deadlines.delete(instrument)) this.arm();
  }

  /** Forgets every deadline (the connection is gone). */
  clear(): void {
    clearTimeout(this.timer);
    this.deadlines.clear();
  }

  /** Arms one timer for the earliest deadline; none when nothing is awaited. */
  private arm(): void {
    clearTimeout(this.timer);
    if (this.deadlines.size === 0) return;
    const earliest = Math.min(...this.deadlines.values());
    this.timer = setTimeout(
      () => {
        const now = Date.now();
        const late = [...this.deadlines].filter(([, at]) => at <= now).map(([id]) => id);
        if (late.length === 0) return this.arm();
        this.overdue(late);
      },
      Math.max(0, earliest - Date.now()),
    );
  }
}
