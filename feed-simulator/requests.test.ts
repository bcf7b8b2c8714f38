import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, MAX_CLIENT_FRAME_BYTES } from '../protocol/feed';
import { startSimulator, type RunningSimulator } from './index';
import { REQUEST_BURST } from './requests';
import { TestClient } from '../test-support/protocol-client';

let sim: RunningSimulator;
const clients: TestClient[] = [];

beforeEach(async () => {
  sim = await startSimulator({ port: 0, instruments: 3, matches: 1, rate: 2000 });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim.close();
});

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(sim.url);
  clients.push(client);
  await client.waitFor((ms) => ms.find((m) => m.op === 'hello'), 'hello');
  return client;
}

/** Sends raw text and returns the next status. */
async function statusFor(client: TestClient, text: string) {
  const seen = client.messages.length;
  client.ws.send(text);
  return client.waitFor((ms) => ms.slice(seen).find((m) => m.op === 'status'), 'a status');
}

/** The connection still works: a valid subscribe is answered and ticks flow. */
async function expectStillServed(client: TestClient): Promise<void> {
  const status = await client.status(client.request({ op: 'subscribe', instruments: ['ACME'] }));
  expect(status.ok).toBe(true);
  await client.waitForTicks(client.ticks().length + 3);
}

describe('bad requests are answered with a status error naming the problem, and the connection stays open', () => {
  const cases: [string, string, string, RegExp][] = [
    ['malformed JSON', '{"op":"subscribe",', 'BAD_JSON', /not JSON/],
    ['a non-object', '[1,2]', 'BAD_REQUEST', /message: expected an object/],
    ['an unknown op', '{"op":"fetch","id":3}', 'UNKNOWN_OP', /unknown op .*"fetch"/],
    ['a missing id', '{"op":"subscribe","instruments":["*"]}', 'BAD_REQUEST', /subscribe\.id/],
    [
      'a string id',
      '{"op":"subscribe","id":"7","instruments":["*"]}',
      'BAD_REQUEST',
      /subscribe\.id/,
    ],
    [
      'instruments not a list',
      '{"op":"subscribe","id":4,"instruments":"ACME"}',
      'BAD_REQUEST',
      /subscribe\.instruments: expected an array/,
    ],
    [
      'an empty instrument list',
      '{"op":"subscribe","id":4,"instruments":[]}',
      'BAD_REQUEST',
      /subscribe\.instruments/,
    ],
    [
      'a numeric instrument id',
      '{"op":"subscribe","id":4,"instruments":[5]}',
      'BAD_REQUEST',
      /subscribe\.instruments\[0\]/,
    ],
    [
      'a negative conflateMs',
      '{"op":"subscribe","id":4,"instruments":["*"],"conflateMs":-5}',
      'BAD_REQUEST',
      /subscribe\.conflateMs/,
    ],
    [
      'a huge conflateMs',
      '{"op":"subscribe","id":4,"instruments":["*"],"conflateMs":9000000}',
      'BAD_REQUEST',
      /subscribe\.conflateMs: expected at most 60000/,
    ],
    [
      'a resume seq that is not a number',
      '{"op":"subscribe","id":4,"instruments":["*"],"resume":{"ACME":"x"}}',
      'BAD_REQUEST',
      /subscribe\.resume\.ACME/,
    ],
    [
      'a snapshot flag that is not boolean',
      '{"op":"subscribe","id":4,"instruments":["*"],"snapshot":1}',
      'BAD_REQUEST',
      /subscribe\.snapshot/,
    ],
    [
      'an unknown instrument',
      '{"op":"subscribe","id":4,"instruments":["ACME","NOPE"]}',
      'UNKNOWN_INSTRUMENT',
      /subscribe\.instruments\[1\]: no instrument "NOPE"/,
    ],
    [
      'resume of an unknown instrument',
      '{"op":"subscribe","id":4,"instruments":["*"],"resume":{"NOPE":3}}',
      'UNKNOWN_INSTRUMENT',
      /resume\.NOPE/,
    ],
    [
      'unsubscribe of an unknown instrument',
      '{"op":"unsubscribe","id":4,"instruments":["NOPE"]}',
      'UNKNOWN_INSTRUMENT',
      /unsubscribe\.instruments\[0\]/,
    ],
    [
      'a replay control to a live server',
      '{"op":"replay","id":4,"action":"pause"}',
      'NOT_REPLAY',
      /not a replay/,
    ],
  ];

  it.each(cases)('%s', async (_name, text, code, message) => {
    const client = await connect();
    const status = await statusFor(client, text);
    expect(status.ok).toBe(false);
    if (status.ok) return;
    expect(status.error.code).toBe(code);
    expect(status.error.message).toMatch(message);
    expect(status.id).toBe(/"id":4/.test(text) ? 4 : /"id":3/.test(text) ? 3 : null);
    await expectStillServed(client);
  });

  it('a failed subscribe changes nothing (no partial subscription)', async () => {
    const client = await connect();
    await statusFor(client, '{"op":"subscribe","id":1,"instruments":["BOLT","NOPE"]}');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.messages.some((m) => m.op === 'snapshot' || m.op === 'ticks')).toBe(false);
  });

  it('binary frames', async () => {
    const client = await connect();
    const seen = client.messages.length;
    client.ws.send(Buffer.from('{"op":"subscribe","id":1,"instruments":["*"]}'), { binary: true });
    const status = await client.waitFor(
      (ms) => ms.slice(seen).find((m) => m.op === 'status'),
      'status',
    );
    expect(status).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: /binary/ } });
    await expectStillServed(client);
  });
});

describe('abuse closes only the abusive connection', () => {
  it('closes a frame over 64 KiB with 1009', async () => {
    const client = await connect();
    const bystander = await connect();
    bystander.request({ op: 'subscribe', instruments: ['*'] });
    const ids = Array.from({ length: MAX_CLIENT_FRAME_BYTES / 8 }, (_, i) => `ID${i}`);
    client.request({ op: 'subscribe', instruments: ids });
    expect((await client.closed).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    await bystander.waitForTicks(bystander.ticks().length + 20);
  });

  it('answers a request flood with RATE_LIMITED, then closes with 1008', async () => {
    const client = await connect();
    const bystander = await connect();
    bystander.request({ op: 'subscribe', instruments: ['*'] });
    for (let i = 0; i < REQUEST_BURST * 3; i++)
      client.request({ op: 'unsubscribe', instruments: ['ACME'] });
    const closed = await client.closed;
    expect(closed.code).toBe(CLOSE_CODES.POLICY_VIOLATION);
    const limited = client.messages.find((m) => m.op === 'status' && !m.ok);
    expect(limited).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // The requests within the burst were all served before the limit hit.
    expect(client.messages.filter((m) => m.op === 'status' && m.ok).length).toBeGreaterThanOrEqual(
      REQUEST_BURST,
    );
    await bystander.waitForTicks(bystander.ticks().length + 20);
    expect(sim.stats().clients).toBe(1);
  });
});
