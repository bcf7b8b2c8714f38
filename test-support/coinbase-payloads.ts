/**
 * Coinbase Exchange payloads documented in ../shared/fixtures/public-feeds.md (official docs as published
 * in 2026), kept as exact text: number formatting matters (Kraken `740.0`). Tests only.
 */

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
