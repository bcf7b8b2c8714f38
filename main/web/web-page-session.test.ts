import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebHostMessage } from '../../protocol/web';
import { startWebHost, type WebHost, type WebHostBackend } from './web-host';
import { MAX_PAGE_COMMANDS_IN_FLIGHT } from '../host/command-handlers';
import { MAX_PAGE_BACKLOG_BYTES } from './web-page-session';

/** An app core whose every command answers `value`, counting the commands it was given. */
function answering(value: unknown) {
  let invoked = 0;
  const backend: WebHostBackend = {
    invoke() {
      invoked++;
      return Promise.resolve({ ok: true, value });
    },
    attach: () => ({ ack() {}, declareInterest() {}, detach() {} }),
    onEvent: () => () => {},
  };
  return { backend, invoked: () => invoked };
}

/**
 * An app core that works on one command at a time, in the order given, as the settings do.
 * `log` says, in order, which command was taken (`in`) and answered (`out`), by the first of
 * its arguments: what the core saw, whatever the load on the sockets between it and the pages.
 */
function oneAtATime() {
  let queue: Promise<unknown> = Promise.resolve();
  const log: string[] = [];
  const backend: WebHostBackend = {
    invoke(_channel, args) {
      const who = String(args[0]);
      log.push(`in ${who}`);
      const run = queue
        .then(() => new Promise((r) => setTimeout(r, 1)))
        .then(() => {
          log.push(`out ${who}`);
          return { ok: true as const, value: null };
        });
      queue = run;
      return run;
    },
    attach: () => ({ ack() {}, declareInterest() {}, detach() {} }),
    onEvent: () => () => {},
  };
  return { backend, log };
}

let dir: string;
let web: WebHost | undefined;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-page-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await web?.close();
  web = undefined;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens a page socket; `received` collects what the host sent it, in order. */
async function openPage(w: WebHost): Promise<{ ws: WebSocket; received: WebHostMessage[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${w.port}/api?token=${w.token}`);
  sockets.push(ws);
  const received: WebHostMessage[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as WebHostMessage));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, received };
}

const invoke = (id: number, who = 'page') =>
  JSON.stringify({ type: 'invoke', id, channel: 'settings:get', args: [who] });

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a browser-mode page socket', () => {
  it('closes a page that sends commands but never reads the answers, once its backlog passes the bound', async () => {
    const answerBytes = 4 * 1024 * 1024;
    const commands = Math.ceil((2 * MAX_PAGE_BACKLOG_BYTES) / answerBytes);
    const core = answering('x'.repeat(answerBytes));
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: core.backend });
    const hostile = await openPage(web);
    const bystander = await openPage(web);
    hostile.ws.pause();
    for (let id = 1; id <= commands; id++) hostile.ws.send(invoke(id));
    await until(() => core.invoked() === commands);
    // The host stays up for the others.
    bystander.ws.send(invoke(1));
    await until(() => bystander.received.length === 1);
    expect(bystander.received[0]).toMatchObject({ type: 'result', id: 1, ok: true });

    const closed = new Promise<[number, string]>((resolve) =>
      hostile.ws.once('close', (code, reason) => resolve([code, String(reason)])),
    );
    hostile.ws.resume();
    const [code, reason] = await Promise.race([
      closed,
      until(() => hostile.received.length === commands, 30_000).then(() => [0, 'all answered']),
    ]);
    expect(code).toBe(1008);
    expect(reason).toMatch(/too far behind: \d+ MiB unsent/);
    expect(hostile.received.length).toBeLessThan(commands);
  });

  it("answers a second page's command while a first floods the host, behind a few of the flood's at most (bug 260)", async () => {
    const flood = 500;
    const core = oneAtATime();
    web = await startWebHost({ port: 0, rendererDir: dir, appHost: core.backend });
    const hostile = await openPage(web);
    const bystander = await openPage(web);
    for (let id = 1; id <= flood; id++) hostile.ws.send(invoke(id, 'flood'));
    await until(() => hostile.received.length > 0);
    bystander.ws.send(invoke(1, 'bystander'));
    await until(() => bystander.received.length === 1, 30_000);
    expect(bystander.received[0]).toMatchObject({ type: 'result', id: 1, ok: true });
    // The promise: a page's command waits behind the flood's commands the core had taken when
    // it came, at most the bound, not behind the flood. Counted where the core works: answers
    // already sent but still in the sockets when the bystander's command was sent counted
    // against a bound read from the page's side, and a loaded machine has more of them.
    const taken = core.log.indexOf('in bystander');
    const answered = core.log.indexOf('out bystander');
    const floodAnsweredBetween = core.log
      .slice(taken, answered)
      .filter((e) => e === 'out flood').length;
    expect(floodAnsweredBetween).toBeLessThanOrEqual(MAX_PAGE_COMMANDS_IN_FLIGHT);
    await until(() => hostile.received.length === flood, 30_000);
    expect(hostile.received.map((m) => (m.type === 'result' ? m.id : 0))).toEqual(
      Array.from({ length: flood }, (_, i) => i + 1),
    );
  });
});
