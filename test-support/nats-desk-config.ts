/**
 * Test support: nats-server configs with a relay user and a desk user for the source `sim`.
 * The desk may only read: subscribe to the source's subjects and read its state bucket.
 */

/** What a desk may publish before it was given the consumer API on the state bucket. */
const READS: readonly string[] = [
  '$JS.API.INFO',
  '$JS.API.STREAM.INFO.KV_tickdeck_sim_state',
  '$JS.API.DIRECT.GET.KV_tickdeck_sim_state.>',
  '$JS.API.STREAM.MSG.GET.KV_tickdeck_sim_state',
];

/** The watch of the state bucket (main/feed/nats/stored-states.ts): an ordered consumer. */
const WATCH: readonly string[] = [
  '$JS.API.CONSUMER.CREATE.KV_tickdeck_sim_state.>',
  '$JS.API.CONSUMER.INFO.KV_tickdeck_sim_state.>',
  '$JS.API.CONSUMER.DELETE.KV_tickdeck_sim_state.>',
  '$JS.FC.KV_tickdeck_sim_state.>',
];

function config(publish: readonly string[]): string {
  return `
authorization {
  users = [
    { user: relay, password: relay-secret }
    { user: desk, password: desk-secret, permissions: {
        publish: { allow: [${publish.map((s) => JSON.stringify(s)).join(', ')}] }
        subscribe: { allow: ["tickdeck.sim.>", "_INBOX.>"] }
    } }
  ]
}
`;
}

/** The config docs/NATS.md shows: the relay publishes, desks only read. */
export const DESK_CONFIG = config([...READS, ...WATCH]);
/** The same without the consumer API: a desk reads each state with a request of its own. */
export const DESK_WITHOUT_WATCH_CONFIG = config(READS);
