import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionUpkeep } from './connection-upkeep';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let upkeep: ConnectionUpkeep | undefined;
afterEach(() => upkeep?.stop());

function kept(): { upkeep: ConnectionUpkeep; sent: string[]; renewed: string[] } {
  const sent: string[] = [];
  const renewed: string[] = [];
  const u = new ConnectionUpkeep({
    send: (frame) => sent.push(frame),
    renew: (reason) => renewed.push(reason),
  });
  return { upkeep: u, sent, renewed };
}

describe('ConnectionUpkeep', () => {
  it("sends the feed's keepalive frame at its interval", async () => {
    const k = kept();
    upkeep = k.upkeep;
    let n = 0;
    upkeep.start({ intervalMs: 15, frame: () => `ping ${++n}` }, undefined);
    for (let waited = 0; k.sent.length < 3 && waited < 2_000; waited += 10) await sleep(10);
    expect(k.sent.slice(0, 3)).toEqual(['ping 1', 'ping 2', 'ping 3']);
    expect(k.renewed).toEqual([]);
  });

  it('renews the connection once it reaches the age limit, saying after how long', async () => {
    const k = kept();
    upkeep = k.upkeep;
    upkeep.start(undefined, 100);
    for (let waited = 0; k.renewed.length === 0 && waited < 2_000; waited += 10) await sleep(10);
    expect(k.renewed).toEqual(['renewing the connection after 0.1 s']);
  });

  it('does nothing once stopped', async () => {
    const k = kept();
    upkeep = k.upkeep;
    upkeep.start({ intervalMs: 10, frame: () => 'ping' }, 20);
    upkeep.stop();
    await sleep(80);
    expect(k.sent).toEqual([]);
    expect(k.renewed).toEqual([]);
  });
});
