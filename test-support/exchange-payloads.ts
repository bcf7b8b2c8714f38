/**
 * Documented payloads from ../shared/fixtures/public-feeds.md (official docs as published in
 * 2026), kept as exact text: number formatting matters (Kraken `740.0`). Tests only.
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

/** Coinbase subscriptions reply (overview page). */
export const COINBASE_SUBSCRIPTIONS = `{
  "type": "subscriptions",
  "channels": [
    {
      "name": "level2",
      "product_ids": ["ETH-USD", "ETH-EUR"]
    },
    {
      "name": "heartbeat",
      "product_ids": ["ETH-USD", "ETH-EUR"]
    },
    {
      "name": "ticker",
      "product_ids": ["ETH-USD", "ETH-EUR", "ETH-BTC"]
    }
  ]
}`;

/** Coinbase heartbeat message (channels page). */
export const COINBASE_HEARTBEAT = `{
  "type": "heartbeat",
  "sequence": 90,
  "last_trade_id": 20,
  "product_id": "BTC-USD",
  "time": "2014-11-07T08:19:28.464459Z"
}`;

/** Coinbase ticker message (channels page). */
export const COINBASE_TICKER = `{
  "type": "ticker",
  "sequence": 37475248783,
  "product_id": "ETH-USD",
  "price": "1285.22",
  "open_24h": "1310.79",
  "volume_24h": "245532.79269678",
  "low_24h": "1280.52",
  "high_24h": "1313.8",
  "volume_30d": "9788783.60117027",
  "best_bid": "1285.04",
  "best_bid_size": "0.46688654",
  "best_ask": "1285.27",
  "best_ask_size": "1.56637040",
  "side": "buy",
  "time": "2022-10-19T23:28:22.061769Z",
  "trade_id": 370843401,
  "last_size": "11.4396987"
}`;

/** Coinbase match message (channels page). */
export const COINBASE_MATCH = `{
  "type": "match",
  "trade_id": 10,
  "sequence": 50,
  "maker_order_id": "ac928c66-ca53-498f-9c13-a110027a60e8",
  "taker_order_id": "132fb6ae-456b-4654-b4e0-d681ac05cea1",
  "time": "2014-11-07T08:19:27.028459Z",
  "product_id": "BTC-USD",
  "size": "5.23512",
  "price": "400.23",
  "side": "sell"
}`;

/** Coinbase level2 snapshot (channels page). */
export const COINBASE_L2_SNAPSHOT = `{
  "type": "snapshot",
  "product_id": "BTC-USD",
  "bids": [["10101.10", "0.45054140"]],
  "asks": [["10102.55", "0.57753524"]]
}`;

/** Coinbase level2 update (channels page). */
export const COINBASE_L2_UPDATE = `{
  "type": "l2update",
  "product_id": "BTC-USD",
  "time": "2019-08-14T20:42:27.265Z",
  "changes": [
    [
      "buy",
      "10101.80000000",
      "0.162567"
    ]
  ]
}`;

/** Coinbase error shape (errors page, placeholder comment removed). */
export const COINBASE_ERROR = `{
  "type": "error",
  "message": "error message"
}`;

/** Kraken ticker subscribe ack. */
export const KRAKEN_TICKER_ACK = `{
    "method": "subscribe",
    "result": {
        "channel": "ticker",
        "snapshot": true,
        "symbol": "ALGO/USD"
    },
    "success": true,
    "time_in": "2023-09-25T09:04:31.742599Z",
    "time_out": "2023-09-25T09:04:31.742648Z"
}`;

/** Kraken ticker snapshot. */
export const KRAKEN_TICKER_SNAPSHOT = `{
    "channel": "ticker",
    "type": "snapshot",
    "data": [
        {
            "symbol": "ALGO/USD",
            "bid": 0.10025,
            "bid_qty": 740.0,
            "ask": 0.10036,
            "ask_qty": 1361.44813783,
            "last": 0.10035,
            "volume": 997038.98383185,
            "vwap": 0.10148,
            "low": 0.09979,
            "high": 0.10285,
            "change": -0.00017,
            "change_pct": -0.17,
            "timestamp": "2023-09-25T09:04:31.742648Z"
        }
    ]
}`;

/** Kraken ticker update. */
export const KRAKEN_TICKER_UPDATE = `{
    "channel": "ticker",
    "type": "update",
    "data": [
        {
            "symbol": "ALGO/USD",
            "bid": 0.10025,
            "bid_qty": 740.0,
            "ask": 0.10035,
            "ask_qty": 740.0,
            "last": 0.10035,
            "volume": 997038.98383185,
            "vwap": 0.10148,
            "low": 0.09979,
            "high": 0.10285,
            "change": -0.00017,
            "change_pct": -0.17,
            "timestamp": "2023-09-25T09:04:31.742648Z"
        }
    ]
}`;

/** Kraken trade snapshot. */
export const KRAKEN_TRADE_SNAPSHOT = `{
    "channel": "trade",
    "type": "snapshot",
    "data": [
        {
            "symbol": "MATIC/USD",
            "side": "buy",
            "price": 0.5147,
            "qty": 6423.46326,
            "ord_type": "limit",
            "trade_id": 4665846,
            "timestamp": "2023-09-25T07:48:36.925533Z"
        },
        {
            "symbol": "MATIC/USD",
            "side": "buy",
            "price": 0.5147,
            "qty": 1136.19677815,
            "ord_type": "limit",
            "trade_id": 4665847,
            "timestamp": "2023-09-25T07:49:36.925603Z"
        }
    ]
}`;

/** Kraken trade update. */
export const KRAKEN_TRADE_UPDATE = `{
    "channel": "trade",
    "type": "update",
    "data": [
        {
            "symbol": "MATIC/USD",
            "side": "sell",
            "price": 0.5117,
            "qty": 40.0,
            "ord_type": "market",
            "trade_id": 4665906,
            "timestamp": "2023-09-25T07:49:37.708706Z"
        }
    ]
}`;

/** Kraken MATIC/USD book snapshot, checksum 2439117997. */
export const KRAKEN_BOOK_SNAPSHOT = `{
    "channel": "book",
    "type": "snapshot",
    "data": [
        {
            "symbol": "MATIC/USD",
            "bids": [
                {
                    "price": 0.5666,
                    "qty": 4831.75496356
                },
                {
                    "price": 0.5665,
                    "qty": 6658.22734739
                },
                {
                    "price": 0.5664,
                    "qty": 18724.91513344
                },
                {
                    "price": 0.5663,
                    "qty": 11563.92544914
                },
                {
                    "price": 0.5662,
                    "qty": 14006.65365711
                },
                {
                    "price": 0.5661,
                    "qty": 17454.85679807
                },
                {
                    "price": 0.566,
                    "qty": 18097.1547
                },
                {
                    "price": 0.5659,
                    "qty": 33644.89175666
                },
                {
                    "price": 0.5658,
                    "qty": 148.3464
                },
                {
                    "price": 0.5657,
                    "qty": 606.70854372
                }
            ],
            "asks": [
                {
                    "price": 0.5668,
                    "qty": 4410.79769741
                },
                {
                    "price": 0.5669,
                    "qty": 4655.40412487
                },
                {
                    "price": 0.567,
                    "qty": 49844.89424998
                },
                {
                    "price": 0.5671,
                    "qty": 24306.41678
                },
                {
                    "price": 0.5672,
                    "qty": 29783.25223475
                },
                {
                    "price": 0.5673,
                    "qty": 57234.71239278
                },
                {
                    "price": 0.5674,
                    "qty": 45065.04744
                },
                {
                    "price": 0.5675,
                    "qty": 5912.76380354
                },
                {
                    "price": 0.5676,
                    "qty": 42514.92434778
                },
                {
                    "price": 0.5677,
                    "qty": 36304.0847022
                }
            ],
            "checksum": 2439117997,
            "timestamp": "2023-10-06T17:35:55.440295Z"
        }
    ]
}`;

/** Kraken MATIC/USD book update on that snapshot, checksum 2114181697. */
export const KRAKEN_BOOK_UPDATE = `{
    "channel": "book",
    "type": "update",
    "data": [
        {
            "symbol": "MATIC/USD",
            "bids": [
                {
                    "price": 0.5657,
                    "qty": 1098.3947558
                }
            ],
            "asks": [],
            "checksum": 2114181697,
            "timestamp": "2023-10-06T17:35:55.440295Z"
        }
    ]
}`;

/** Kraken heartbeat. */
export const KRAKEN_HEARTBEAT = `{
    "channel": "heartbeat"
}`;

/** Kraken status, sent on connect (connection_id exceeds 2^53). */
export const KRAKEN_STATUS = `{
    "channel": "status",
    "data": [
        {
            "api_version": "v2",
            "connection_id": 13834774380200032777,
            "system": "online",
            "version": "2.0.0"
        }
    ],
    "type": "update"
}`;

/** Kraken application-level pong. */
export const KRAKEN_PONG = `{
    "method": "pong",
    "req_id": 101,
    "time_in": "2023-09-24T14:10:23.799685Z",
    "time_out": "2023-09-24T14:10:23.799703Z"
}`;

/** Kraken checksum guide's BTC/USD worked example (compiled), checksum 3310070434. */
export const KRAKEN_CHECKSUM_GUIDE = `{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":"45283.5","qty":"0.10000000"},{"price":"45283.4","qty":"1.54582015"},{"price":"45282.1","qty":"0.10000000"},{"price":"45281.0","qty":"0.10000000"},{"price":"45280.3","qty":"1.54592586"},{"price":"45279.0","qty":"0.07990000"},{"price":"45277.6","qty":"0.03310103"},{"price":"45277.5","qty":"0.30000000"},{"price":"45277.3","qty":"1.54602737"},{"price":"45276.6","qty":"0.15445238"}],"asks":[{"price":"45285.2","qty":"0.00100000"},{"price":"45286.4","qty":"1.54571953"},{"price":"45286.6","qty":"1.54571109"},{"price":"45289.6","qty":"1.54560911"},{"price":"45290.2","qty":"0.15890660"},{"price":"45291.8","qty":"1.54553491"},{"price":"45294.7","qty":"0.04454749"},{"price":"45296.1","qty":"0.35380000"},{"price":"45297.5","qty":"0.09945542"},{"price":"45299.5","qty":"0.18772827"}],"checksum":3310070434}]}`;

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
