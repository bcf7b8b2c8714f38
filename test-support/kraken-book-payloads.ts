/**
 * Kraken v2 book (snapshot, update and the checksum guide's worked example) payloads documented in ../shared/fixtures/public-feeds.md (official docs as published
 * in 2026), kept as exact text: number formatting matters (Kraken `740.0`). Tests only.
 */

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

/** Kraken checksum guide's BTC/USD worked example (compiled), checksum 3310070434. */
export const KRAKEN_CHECKSUM_GUIDE = `{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":"45283.5","qty":"0.10000000"},{"price":"45283.4","qty":"1.54582015"},{"price":"45282.1","qty":"0.10000000"},{"price":"45281.0","qty":"0.10000000"},{"price":"45280.3","qty":"1.54592586"},{"price":"45279.0","qty":"0.07990000"},{"price":"45277.6","qty":"0.03310103"},{"price":"45277.5","qty":"0.30000000"},{"price":"45277.3","qty":"1.54602737"},{"price":"45276.6","qty":"0.15445238"}],"asks":[{"price":"45285.2","qty":"0.00100000"},{"price":"45286.4","qty":"1.54571953"},{"price":"45286.6","qty":"1.54571109"},{"price":"45289.6","qty":"1.54560911"},{"price":"45290.2","qty":"0.15890660"},{"price":"45291.8","qty":"1.54553491"},{"price":"45294.7","qty":"0.04454749"},{"price":"45296.1","qty":"0.35380000"},{"price":"45297.5","qty":"0.09945542"},{"price":"45299.5","qty":"0.18772827"}],"checksum":3310070434}]}`;
