import type { Chart, Plugin } from 'chart.js';
import { describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../../../protocol/alerts';
import { formatAlertRule, parseAlertLine } from '../../../protocol/alert-line';
import { formatTime } from '../state/format';
import {
  alertMarkerPlugin,
  alertMarkers,
  describeAlertMarkers,
  type AlertMarker,
} from './alert-markers';

let nextId = 1;
function fired(line: string, instrument: string, ts: number, value: number | null): AlertEvent {
  const parsed = parseAlertLine(line, { id: `r${nextId}`, now: 0 });
  if (!parsed.ok) throw new Error(parsed.error);
  const rule: AlertRule = parsed.value;
  return {
    id: nextId++,
    rule,
    text: formatAlertRule(rule),
    tick: { instrument, seq: 1, ts, value },
    firedAt: ts,
    replayPosition: null,
  };
}

/** A chart mapping time t to pixel t / 10 and price p to pixel `py(p)`, logging its drawing. */
function fakeChart(py = (p: number) => 300 - p) {
  const calls: string[] = [];
  const ctx = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: unknown[]) =>
          calls.push(
            `${name}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : a)).join(',')})`,
          ),
      set: (_t, name: string, value: unknown) => (calls.push(`${name}=${String(value)}`), true),
    },
  );
  const chart = {
    ctx,
    chartArea: { left: 0, right: 1_000, top: 0, bottom: 300 },
    scales: {
      x: { getPixelForValue: (t: number) => t / 10 },
      y: { getPixelForValue: py },
    },
  };
  return { chart: chart as unknown as Chart<'line'>, calls };
}

function drawWith(plugin: Plugin<'line'>, chart: Chart<'line'>): void {
  (plugin.afterDatasetsDraw as (chart: Chart<'line'>) => void)(chart);
}

describe('alert markers on the price chart', () => {
  const log = [
    fired('ACME crosses-down 92.5', 'ACME', 5_000, 92.4),
    fired('ACME spread-above 1', 'ACME', 4_500, 1.2),
    fired('BOLT above 10', 'BOLT', 4_000, 10.5),
    fired('feed stalled', '*', 3_500, null),
    fired('ACME move-up-pct 5 10s', 'ACME', 3_000, 105),
  ];

  it("marks the instrument's price alerts at the firing tick's time and value, newest first", () => {
    expect(alertMarkers(log, 'ACME')).toEqual([
      { t: 5_000, price: 92.4, direction: 'down', text: 'ACME crosses-down 92.5' },
      { t: 3_000, price: 105, direction: 'up', text: 'ACME move-up-pct 5 10s' },
    ]);
    expect(alertMarkers(log, 'ZED')).toEqual([]);
  });

  it('names the rules, values and times for a screen reader, the newest five', () => {
    const markers = alertMarkers(log, 'ACME');
    expect(describeAlertMarkers(markers)).toBe(
      `alerts fired: ACME crosses-down 92.5 at 92.4, ${formatTime(5_000)}; ` +
        `ACME move-up-pct 5 10s at 105, ${formatTime(3_000)}`,
    );
    expect(describeAlertMarkers([])).toBe('');
    const many: AlertMarker[] = Array.from({ length: 7 }, (_, i) => ({
      t: i,
      price: i,
      direction: 'up',
      text: `r${i}`,
    }));
    expect(describeAlertMarkers(many)).toMatch(
      /^alerts fired: r0 at 0, .*; r4 at 4, [^;]*; 2 more$/,
    );
  });

  it('draws a ▼ above a fall and a ▲ below a rise, pointing at the point, in the up/down colours', () => {
    const { chart, calls } = fakeChart();
    const source = { markers: alertMarkers(log, 'ACME'), up: 'blue', down: 'orange' };
    drawWith(alertMarkerPlugin(source), chart);
    // Rings at the points: (500, 208) for 92.4 at 5 s, (300, 195) for 105 at 3 s.
    expect(calls.filter((c) => c.startsWith('arc')).map((c) => c.split(',', 2).join(','))).toEqual([
      'arc(500,208',
      'arc(300,195',
    ]);
    // Tips 5 px from the point, on the side the price came from.
    expect(calls.filter((c) => c.startsWith('moveTo'))).toEqual([
      'moveTo(500,203)',
      'moveTo(300,200)',
    ]);
    expect(calls.filter((c) => c.startsWith('fillStyle='))).toEqual([
      'fillStyle=orange',
      'fillStyle=blue',
    ]);
  });

  it('draws the markers on the same pixels as one, with their count (bug 249)', () => {
    const { chart, calls } = fakeChart();
    // An `every 0s` rule in a crash: 300 alerts within 20 ms and 2 cents (a pixel on this chart),
    // a rise's beside them, and one more a second later.
    const flood = Array.from({ length: 300 }, (_, i) =>
      fired('ACME below 93', 'ACME', 5_000 + (i % 20), 92.4 - (i % 3) / 100),
    );
    const log = [fired('ACME above 90', 'ACME', 5_000, 92.4), ...flood];
    log.push(fired('ACME below 93', 'ACME', 6_000, 92.4));
    const source = { markers: alertMarkers(log, 'ACME'), up: 'blue', down: 'orange' };
    drawWith(alertMarkerPlugin(source), chart);
    expect(calls.filter((c) => c.startsWith('arc')).map((c) => c.split(',', 2).join(','))).toEqual([
      'arc(500,208',
      'arc(500,208',
      'arc(600,208',
    ]);
    // The count above the fall's ▼, away from the line; none for a marker alone.
    expect(calls.filter((c) => c.startsWith('fillText'))).toEqual(['fillText(300,500,194)']);
  });

  it('leaves out markers outside the plot, and draws nothing without markers', () => {
    const { chart, calls } = fakeChart();
    const outside = alertMarkers([fired('ACME above 1', 'ACME', 20_000, 5)], 'ACME');
    drawWith(alertMarkerPlugin({ markers: outside, up: 'blue', down: 'orange' }), chart);
    expect(calls.filter((c) => c.startsWith('arc'))).toEqual([]);
    const empty = fakeChart();
    drawWith(alertMarkerPlugin({ markers: [], up: 'blue', down: 'orange' }), empty.chart);
    expect(empty.calls).toEqual([]);
  });
  it('keeps the groups of a quiet market apart, their counts off one another (bug 254)', () => {
    // An `every 0s` rule on a market moving by cents: 10 px a cent, a tick every 3 px.
    const { chart, calls } = fakeChart((p) => 300 - (p - 100) * 1_000);
    let price = 100.1;
    const flood = Array.from({ length: 200 }, (_, i) => {
      price = Math.min(100.25, Math.max(100, price + [-0.01, 0, 0.01][(i * 7) % 3]!));
      return fired('ACME below 101 every 0s', 'ACME', 30 * (200 - i), Number(price.toFixed(2)));
    });
    const source = { markers: alertMarkers(flood, 'ACME'), up: 'blue', down: 'orange' };
    drawWith(alertMarkerPlugin(source), chart);
    const points = calls
      .filter((c) => c.startsWith('arc('))
      .map((c) => c.slice(4).split(',').slice(0, 2).map(Number) as [number, number]);
    expect(points.length).toBeGreaterThan(5);
    // Each group has a glyph's and a count's room: 24 px across, or 30 up or down.
    for (const [i, [x1, y1]] of points.entries())
      for (const [x2, y2] of points.slice(i + 1))
        expect(Math.abs(x1 - x2) >= 24 || Math.abs(y1 - y2) >= 30, `${x1},${y1} ${x2},${y2}`).toBe(
          true,
        );
    const counted = calls
      .filter((c) => c.startsWith('fillText('))
      .map((c) => Number(c.slice(9).split(',')[0]));
    expect(counted.reduce((a, b) => a + b, 0) + points.length - counted.length).toBe(200);
  });
});
