/**
 * Polymarket sports payloads documented in ../shared/fixtures/public-feeds.md (official docs as published
 * in 2026), kept as exact text: number formatting matters (Kraken `740.0`). Tests only.
 */

/** Polymarket sports: NFL game in progress. */
export const POLYMARKET_NFL = `{
  "gameId": 19439,
  "leagueAbbreviation": "nfl",
  "slug": "nfl-lac-buf-2025-01-26",
  "homeTeam": "LAC",
  "awayTeam": "BUF",
  "status": "InProgress",
  "score": "3-16",
  "period": "Q4",
  "elapsed": "5:18",
  "live": true,
  "ended": false,
  "turn": "lac"
}`;

/** Polymarket sports: CS2 game, finished. */
export const POLYMARKET_CS2 = `{
  "gameId": 1317359,
  "leagueAbbreviation": "cs2",
  "slug": "cs2-arcred-the-glecs-2025-07-20",
  "homeTeam": "ARCRED",
  "awayTeam": "The glecs",
  "status": "finished",
  "score": "000-000|2-0|Bo3",
  "period": "2/3",
  "live": false,
  "ended": true,
  "finished_timestamp": "2025-07-20T18:30:00.000Z"
}`;
