import { describe, expect, it } from 'vitest';
import type { ReplayInfo } from '../../protocol/feed';
import { ReplayTransport, STEP_MS, type ReplayRequest } from './replay-transport';

const START = 1_000_000;
const END = START + 60_000;

/** A transport over a replay of START..END, noting every request it sends. */
function opened(): { transport: ReplayTransport; sent: ReplayRequest[] } {
  const sent: ReplayRequest[] = [];
  const transport = new ReplayTransport((r) => (sent.push(r), Promise.resolve()));
  transport.reset(START, END);
  return { transport, sent };
}

const state = (fields: Partial<ReplayInfo>): ReplayInfo => ({
  start: START,
  end: END,
  position: START,
  playing: false,
  speed: 1,
  loop: false,
  ...fields,
});

describe('ReplayTransport', () => {
  it('steps while paused at full speed to one step on, then restores the speed', async () => {
    const { transport, sent } = opened();
    transport.follow(state({ speed: 4, playing: false }));
    await transport.control({ action: 'step' });
    expect(sent).toEqual([
      { action: 'speed', speed: 0 },
      { action: 'resume', to: START + STEP_MS },
    ]);
    transport.follow(state({ position: START + STEP_MS, playing: false, speed: 0 }));
    expect(sent.at(-1)).toEqual({ action: 'speed', speed: 4 });
    expect(transport.status('/r')).toMatchObject({ speed: 4, position: START + STEP_MS });
  });

  it('clamps seeks into the range, stops at its end and loops to its start', async () => {
    const { transport, sent } = opened();
    await transport.control({ action: 'range', from: START + 10_000, to: START + 20_000 });
    await transport.control({ action: 'seek', to: START + 50_000 });
    expect(sent.at(-1)).toEqual({ action: 'seek', to: START + 20_000 });
    await transport.control({ action: 'loop', loop: true });
    await transport.control({ action: 'play' });
    expect(sent.at(-1)).toEqual({ action: 'resume', to: START + 20_000 });
    sent.length = 0;
    transport.follow(state({ position: START + 15_000, playing: true }));
    transport.follow(state({ position: START + 20_000, playing: false }));
    expect(sent).toEqual([
      { action: 'seek', to: START + 10_000 },
      { action: 'resume', to: START + 20_000 },
    ]);
    expect(transport.view('/r')).toEqual({
      path: '/r',
      loop: true,
      rangeFrom: START + 10_000,
      rangeTo: START + 20_000,
    });
  });

  it('says nothing once cleared, and keeps a loop set for the next replay', async () => {
    const { transport } = opened();
    await transport.control({ action: 'loop', loop: true });
    transport.clear();
    expect([transport.open, transport.status('/r')]).toEqual([false, null]);
    transport.reset(START, END);
    expect(transport.status('/r')).toMatchObject({ loop: true, playing: true, position: START });
  });
});
