/**
 * Kraken (v2: ticker, trade, status, heartbeat, pong) payloads documented in ../shared/fixtures/public-feeds.md (official docs as published
 * in 2026), kept as exact text: number formatting matters (Kraken `740.0`). Tests only.
 */

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
