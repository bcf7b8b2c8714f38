import { describe, expect, it } from 'vitest';
import {
  GROUP_X_PX,
  groupMarkers,
  groupNear,
  readoutWithAlert,
  type PlacedMarker,
} from './alert-marker-groups';
import type { AlertMarker } from './alert-markers';

const marker = (t: number, price: number, text: string, direction: 'up' | 'down' = 'down') =>
  ({ t, price, direction, text }) satisfies AlertMarker;

/** Placed at pixel t / 10 across and 300 − price down, as a chart would. */
const placed = (markers: readonly AlertMarker[]): PlacedMarker[] =>
  markers.map((m) => ({ marker: m, px: m.t / 10, py: 300 - m.price }));

describe('alert marker groups', () => {
  it('groups markers pointing one way within a glyph and count of the newest, at its point', () => {
    const groups = groupMarkers(
      placed([
        marker(5_000, 92.4, 'new'),
        marker(4_900, 93, 'near'),
        marker(5_000, 92.4, 'a rise', 'up'),
        marker(5_000 - GROUP_X_PX * 10, 92.4, 'a group away'),
      ]),
    );
    expect(groups.map((g) => [g.px, g.py, g.direction, g.markers.map((m) => m.text)])).toEqual([
      [500, 207.6, 'down', ['new', 'near']],
      [500, 207.6, 'up', ['a rise']],
      [476, 207.6, 'down', ['a group away']],
    ]);
  });

  it('reads out the group of the nearest marker within the pick distance', () => {
    const groups = groupMarkers(
      placed([marker(5_000, 92.4, 'ACME crosses-down 92.5'), marker(3_000, 105, 'ACME up', 'up')]),
    );
    expect(groupNear(groups, 5_040, 50)?.markers[0]?.t).toBe(5_000);
    expect(groupNear(groups, 5_060, 50)).toBeNull();
    // 10 ms a pixel: 6 px is 60 ms.
    const base = { t: 5_050, value: 92.41, text: '12:00:05  92.41' };
    expect(readoutWithAlert(base, groups, 5_050, 10)?.text).toBe(
      '12:00:05  92.41  ·  alert: ACME crosses-down 92.5 at 92.4',
    );
    expect(readoutWithAlert(base, groups, 5_070, 10)).toBe(base);
    expect(readoutWithAlert(null, groups, 3_000, 10)).toEqual({
      t: 3_000,
      value: 105,
      text: 'alert: ACME up at 105',
    });
  });

  it('says how many alerts a group holds, and its newest, near any of them (bug 254)', () => {
    // An `every 0s` rule: three alerts drawn as one; the crosshair near the oldest.
    const groups = groupMarkers(
      placed([
        marker(5_100, 92.4, 'ACME below 93 every 0s'),
        marker(5_050, 92.41, 'ACME below 93 every 0s'),
        marker(5_000, 92.43, 'ACME below 93 every 0s'),
      ]),
    );
    expect(readoutWithAlert(null, groups, 4_990, 10)).toEqual({
      t: 5_100,
      value: 92.4,
      text: '3 alerts, the newest ACME below 93 every 0s at 92.4',
    });
  });
});
