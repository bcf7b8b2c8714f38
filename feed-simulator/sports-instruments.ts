/**
 * The sports model's matches as `hello` announces them: two teams each from a fixed list, and
 * kick-offs staggered across the first half of a match's length so a fresh simulator shows
 * matches in different phases.
 */
import type { SportsInstrument } from '../protocol/feed';

const TEAMS = (
  'Harbor City, Northvale, Eastbrook United, Redcliff, Stonebridge Athletic, Marlow Rovers, ' +
  'Kingsport, Ashford Town, Westholm, Brightwater, Larkspur FC, Oakham Wanderers'
).split(', ');

/** The `index`th of `count` matches, and how long after `startTime` it kicks off, ms. */
export function makeSportsInstrument(
  index: number,
  count: number,
  matchDurationMs: number,
  startTime: number,
): { instrument: SportsInstrument; kickoffInMs: number } {
  const home = TEAMS[(2 * index) % TEAMS.length]!;
  const away = TEAMS[(2 * index + 1 + Math.floor((2 * index) / TEAMS.length)) % TEAMS.length]!;
  const kickoffInMs = 2000 + (index * matchDurationMs) / (2 * Math.max(1, count));
  const instrument: SportsInstrument = {
    id: `m${index + 1}`,
    kind: 'sports',
    name: `${home} v ${away}`,
    home,
    away,
    competition: 'Simulated League',
    startTime: Math.round(startTime + kickoffInMs),
  };
  return { instrument, kickoffInMs };
}
