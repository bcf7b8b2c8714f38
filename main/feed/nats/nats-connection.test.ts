import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { useNatsServers } from '../../../test-support/nats-server';
import { connectNats, natsAuthFromEnv, natsOptions } from './nats-connection';

const nats = useNatsServers();

describe('NATS connection options', () => {
  it('reconnects forever and builds no stack trace per request (the relay acks every write)', () => {
    expect(natsOptions(['nats://127.0.0.1:4222'], {}, 'x')).toMatchObject({
      servers: ['nats://127.0.0.1:4222'],
      name: 'x',
      maxReconnectAttempts: -1,
      noAsyncTraces: true,
    });
  });

  it('takes user and password, a token, and TLS for tls:// servers or a CA file', () => {
    expect(natsOptions(['nats://h:1'], { user: 'u', password: 'p' }, 'x')).toMatchObject({
      user: 'u',
      pass: 'p',
    });
    expect(natsOptions(['nats://h:1'], { token: 't' }, 'x').token).toBe('t');
    expect(natsOptions(['tls://h:1'], {}, 'x').tls).toEqual({});
    expect(natsOptions(['nats://h:1'], { caFile: '/ca.pem' }, 'x').tls).toEqual({
      caFile: '/ca.pem',
    });
    expect(natsOptions(['nats://h:1'], {}, 'x').tls).toBeUndefined();
  });

  it('names an unreadable creds file, or one that is not a creds file, and reads a real one', () => {
    expect(() => natsOptions(['nats://h:1'], { credsFile: '/no/such.creds' }, 'x')).toThrow(
      /^cannot read the NATS creds file: .*no\/such\.creds/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'tickdeck-creds-'));
    try {
      const bad = join(dir, 'bad.creds');
      writeFileSync(bad, 'not a real creds file');
      expect(() => natsOptions(['nats://h:1'], { credsFile: bad }, 'x')).toThrow(
        `${bad} is not a NATS creds file (a JWT and an nkey seed, as nsc writes them): unable to parse credentials`,
      );
      const file = join(dir, 'a.creds');
      const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
      const block = (name: string, body: string) =>
        `-----BEGIN ${name}-----\n${body}\n------END ${name}------\n`;
      writeFileSync(
        file,
        `${block('NATS USER JWT', 'eyJ0.e30.sig')}\n${block('USER NKEY SEED', seed)}`,
      );
      expect(natsOptions(['nats://h:1'], { credsFile: file }, 'x').authenticator).toBeTypeOf(
        'function',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a desktop credentials from the environment, empty values as absent', () => {
    expect(
      natsAuthFromEnv({
        TICKDECK_NATS_USER: 'u',
        TICKDECK_NATS_PASSWORD: '',
        TICKDECK_NATS_CA: 'c',
      }),
    ).toEqual({
      user: 'u',
      password: undefined,
      token: undefined,
      credsFile: undefined,
      caFile: 'c',
    });
  });

  it('reports each failed attempt until a server answers, then connects', async () => {
    const server = await nats.start();
    await server.stop();
    const failures: string[] = [];
    const connecting = connectNats([server.url], {}, 'x', undefined, (attempt, error) =>
      failures.push(`${attempt}: ${error}`),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.restart();
    const nc = await connecting;
    await nc.close();
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatch(/^1: /);
  }, 20_000);

  it('gives up waiting when aborted', async () => {
    const stop = new AbortController();
    const connecting = connectNats(['nats://127.0.0.1:1'], {}, 'x', stop.signal);
    stop.abort(new Error('stopped by the user'));
    await expect(connecting).rejects.toThrow('stopped by the user');
  });
});
