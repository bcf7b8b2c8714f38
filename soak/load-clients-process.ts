/**
 * The load's clients in a process of their own, forked by soak/load.ts (`separateProcess`): the
 * messages of load-clients.ts over the fork's IPC channel.
 */
import { LoadClients } from './load-clients';
import type { FromClients, ToClients } from './load-messages';

const clients = new LoadClients((message: FromClients) => process.send!(message));
process.on('message', (message: ToClients) => clients.handle(message));
// The load's process gone (it ended or crashed): nothing left to load.
process.on('disconnect', () => {
  clients.close();
  process.exit(0);
});
