/**
 * Binance payloads documented in ../shared/fixtures/public-feeds.md (official docs as published
 * in 2026), kept as exact text: number formatting matters (Kraken `740.0`). Tests only.
 */

/** Binance control-message error row (verbatim). */
export const BINANCE_ERROR = `{"code": 2, "msg": "Invalid request: too many parameters"}`;

/** Binance `<symbol>@trade` payload (docs fixture, comments removed). */
export const BINANCE_TRADE = `{
    "e": "trade",
    "E": 1672515782136,
    "s": "BNBBTC",
    "t": 12345,
    "p": "0.001",
    "q": "100",
    "T": 1672515782136,
    "m": true,
    "M": true
}`;

/** Binance `<symbol>@bookTicker` payload. */
export const BINANCE_BOOK_TICKER = `{
    "u": 400900217,
    "s": "BNBUSDT",
    "b": "25.35190000",
    "B": "31.21000000",
    "a": "25.36520000",
    "A": "40.66000000"
}`;

/** Binance `<symbol>@kline_1m` payload. */
export const BINANCE_KLINE = `{
    "e": "kline",
    "E": 1672515782136,
    "s": "BNBBTC",
    "k": {
        "t": 1672515780000,
        "T": 1672515839999,
        "s": "BNBBTC",
        "i": "1m",
        "f": 100,
        "L": 200,
        "o": "0.0010",
        "c": "0.0020",
        "h": "0.0025",
        "l": "0.0015",
        "v": "1000",
        "n": 100,
        "x": false,
        "q": "1.0000",
        "V": "500",
        "Q": "0.500",
        "B": "123456"
    }
}`;

/** Binance `serverShutdown` in the combined envelope. */
export const BINANCE_SHUTDOWN_COMBINED = `{
  "stream": "!serverShutdown",
  "data": {
    "e": "serverShutdown",
    "E": 1770123456789
  }
}`;

/** Constructed (not verbatim docs): the trade payload in the combined envelope. */
export const BINANCE_COMBINED_TRADE = `{"stream":"bnbbtc@trade","data":{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}}`;

/** Binance `<symbol>@depth<levels>` partial book depth payload (spot docs). */
export const BINANCE_PARTIAL_DEPTH = `{
  "lastUpdateId": 160,
  "bids": [
    [
      "0.0024",
      "10"
    ]
  ],
  "asks": [
    [
      "0.0026",
      "100"
    ]
  ]
}`;
