import { describe, expect, it } from 'vitest';
import { HeartbeatLag, MAX_CLOCK_STEP_MS, MAX_LAG_MS } from './heartbeat-lag';

const T = 1_800_000_000_000;

describe('heartbeat lag', () => {
  it('measures against the freshest heartbeat, whatever the two clocks say', () => {
    const lag = new HeartbeatLag();
    // The relay's clock 10 minutes behind this one.
    expect(lag.heard(T - 600_000, T)).toEqual({ kind: 'ok' });
    expect(lag.heard(T + 1_000 - 600_000, T + 1_000)).toEqual({ kind: 'ok' });
    expect(lag.heard(T + 2_000 - 600_000, T + 2_000 + MAX_LAG_MS + 500)).toEqual({
      kind: 'behind',
      lagMs: MAX_LAG_MS + 500,
    });
  });

  it('takes one heartbeat of 1970 or of the future neither as lag nor as the freshest', () => {
    const lag = new HeartbeatLag();
    lag.heard(T, T);
    expect(lag.heard(0, T + 1_000)).toEqual({ kind: 'off', offMs: T + 1_000 });
    expect(lag.heard(T + 3_650 * 86_400_000, T + 2_000).kind).toBe('off');
    expect(lag.heard(T + 3_000, T + 3_000)).toEqual({ kind: 'ok' });
    expect(lag.heard(T + 4_000, T + 4_000 + MAX_LAG_MS + 1)).toMatchObject({ kind: 'behind' });
  });

  it("takes a stepped clock as the relay's after three heartbeats in a row", () => {
    const lag = new HeartbeatLag();
    lag.heard(T, T);
    const step = 2 * MAX_CLOCK_STEP_MS;
    for (let i = 1; i <= 3; i++)
      expect(lag.heard(T + i * 1_000 + step, T + i * 1_000).kind).toBe('off');
    expect(lag.heard(T + 4_000 + step, T + 4_000)).toEqual({ kind: 'ok' });
    expect(lag.heard(T + 5_000 + step, T + 5_000 + MAX_LAG_MS + 1)).toMatchObject({
      kind: 'behind',
    });
  });
});
