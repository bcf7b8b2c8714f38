/**
 * The market model's instruments and what each draws from the seed when it is made: its name
 * and sector, first price and price grid, volatility, typical spread and share of the activity.
 * The draws are made in a fixed order per instrument, so a seed gives the same market.
 */
import type { MarketInstrument } from '../protocol/feed';
import type { Rng } from './rng';

const TICKERS =
  'ACME BOLT CRUX DYNO EMBR FLUX GRID HALO IONX JADE KILN LUMA MOSS NOVA ORBT PIKE QUAY RIFT SOLR TIDE UMBR VALE WELD XENO YARD ZEST'.split(
    ' ',
  );
const NAMES =
  'Acme Corp, Bolt Motors, Crux Pharma, Dyno Energy, Ember Foods, Flux Networks, Grid Utilities, Halo Health, Ionix Semiconductors, Jade Bank, Kiln Materials, Luma Media, Moss Forestry, Nova Aerospace, Orbit Telecom, Pike Logistics, Quay Shipping, Rift Mining, Solar Grid, Tide Insurance, Umbra Security, Vale Retail, Weld Industrial, Xeno Biotech, Yard Realty, Zest Beverages'.split(
    ', ',
  );
const SECTORS = ['Technology', 'Energy', 'Financials', 'Health', 'Industrials'] as const;
/** How many sectors there are; instruments take them in turn. */
export const SECTOR_COUNT = SECTORS.length;

/** Volatility range, per square root of an hour of simulated time (lively enough to watch). */
const VOL_PER_SQRT_HOUR_MIN = 0.01;
const VOL_PER_SQRT_HOUR_MAX = 0.04;
/** Typical spread, basis points of the price. */
const SPREAD_BPS_MIN = 2;
const SPREAD_BPS_MAX = 12;

/** Scaled-integer tick size: price = ticks * tickUnits / priceScale, exact in decimal. */
export interface PriceGrid {
  readonly tickUnits: number;
  readonly priceScale: number;
}

/** One instrument as made: what `hello` announces, and the parameters the model runs it with. */
export interface MarketTraits {
  readonly instrument: MarketInstrument;
  readonly grid: PriceGrid;
  /** Index into the sectors, 0 to {@link SECTOR_COUNT} - 1. */
  readonly sector: number;
  /** Volatility per square root of an hour. */
  readonly vol: number;
  readonly spreadBps: number;
  /** Relative activity, before the model divides it by the total. */
  readonly weight: number;
  /** The first mid price. */
  readonly price: number;
}

/** Makes the `index`th instrument, drawing its first price, vol, spread and weight from `rng`. */
export function makeMarketInstrument(index: number, rng: Rng): MarketTraits {
  const round = Math.floor(index / TICKERS.length);
  const suffix = round === 0 ? '' : String(round + 1);
  const sector = index % SECTOR_COUNT;
  const price = Math.exp(rng.range(Math.log(8), Math.log(600)));
  // Dearer stocks trade on a coarser grid, as on most exchanges.
  const grid: PriceGrid =
    price > 250 ? { tickUnits: 5, priceScale: 100 } : { tickUnits: 1, priceScale: 100 };
  const instrument: MarketInstrument = {
    id: `${TICKERS[index % TICKERS.length]}${suffix}`,
    kind: 'market',
    name: `${NAMES[index % NAMES.length]}${suffix ? ` ${suffix}` : ''}`,
    sector: SECTORS[sector],
    currency: 'USD',
    tickSize: grid.tickUnits / grid.priceScale,
    decimals: 2,
  };
  const vol = rng.range(VOL_PER_SQRT_HOUR_MIN, VOL_PER_SQRT_HOUR_MAX);
  const spreadBps = rng.range(SPREAD_BPS_MIN, SPREAD_BPS_MAX);
  const weight = Math.exp(rng.normal() * 0.5);
  return { instrument, grid, sector, vol, spreadBps, weight, price };
}
