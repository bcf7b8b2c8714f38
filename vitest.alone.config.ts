import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that must have the machine to themselves. The three-node NATS cluster tests kill a
 * node (or the stream's leader) and wait for JetStream's raft groups to elect new leaders,
 * which a CPU shared with the rest of the suite starves (the node-kill test timed out twice in
 * the full run and passes alone). The load
 * test puts 203 clients and the simulator in one process for 3 s: beside the other workers
 * the simulator generated a tenth of its rate and the slow clients never fell behind. The big
 * source test relays 20,000 instruments to two desks and a replay; beside the suite on a loaded
 * machine it ran past its 90 s (seen in the 32nd session's runs) and passes alone. `npm test`
 * runs these after the main suite, one file at a time.
 */
export const ALONE = [
  'relay/cluster.test.ts',
  'relay/stream-leader.test.ts',
  'relay/big-source.test.ts',
  'soak/load.test.ts',
];

export default defineConfig({
  test: {
    name: 'alone',
    environment: 'node',
    include: ALONE,
    exclude: configDefaults.exclude,
    setupFiles: ['./vitest.setup.electron.ts'],
    testTimeout: 20_000,
    fileParallelism: false,
  },
});
