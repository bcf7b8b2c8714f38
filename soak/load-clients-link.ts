/**
 * The load's line to its clients (soak/load-clients.ts): the same messages whether the clients
 * run in this process or in one of their own (load-clients-process.ts), and a way to await
 * their next answer of a kind.
 */
import { fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LoadClients } from './load-clients';
import type { FromClients, ToClients } from './load-messages';

/** Starts the clients, in this process or in a process of their own. */
export function startClients(separateProcess: boolean) {
  let answers: EventEmitter;
  let ended: Promise<string>;
  let tell: (message: ToClients) => void;
  let stop: () => Promise<void>;
  if (separateProcess) {
    const child = fork(fileURLToPath(new URL('./load-clients-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = once(child, 'exit');
    answers = child;
    ended = exited.then(() => `the clients' process exited (code ${child.exitCode})`);
    tell = (message) => child.send(message);
    stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await exited;
    };
  } else {
    answers = new EventEmitter();
    const clients = new LoadClients((message) => answers.emit('message', message));
    ended = new Promise(() => {});
    tell = (message) => clients.handle(message);
    stop = () => Promise.resolve(clients.close());
  }
  const answer = <T extends FromClients['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<FromClients, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`load clients: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (m: FromClients) => {
        if (m.type !== type && m.type !== 'failed') return;
        clearTimeout(timer);
        answers.off('message', onMessage);
        if (m.type === 'failed') reject(new Error(`load clients: ${m.message}`));
        else resolve(m as Extract<FromClients, { type: T }>);
      };
      answers.on('message', onMessage);
      void ended.then((why) => {
        clearTimeout(timer);
        reject(new Error(`load clients: ${why} before ${type}`));
      });
    });
  return { tell, answer, stop };
}
