import { describe, expect, it } from 'vitest';
import { replayStateOf } from './replay-state-frame';

const state = { start: 1, end: 9, position: 4, playing: true, speed: 1, loop: false };

describe('replayStateOf', () => {
  it("reads a replay frame's state and a hello's replay", () => {
    expect(replayStateOf(JSON.stringify({ op: 'replay', state }))).toEqual(state);
    expect(replayStateOf(JSON.stringify({ op: 'replay', state, seeked: true }))).toEqual(state);
    expect(
      replayStateOf(JSON.stringify({ op: 'hello', protocol: 1, instruments: [], replay: state })),
    ).toEqual(state);
  });

  it('gives nothing for other frames, a live hello, or a damaged frame', () => {
    for (const text of [
      JSON.stringify({ op: 'ticks', ticks: [], state }),
      JSON.stringify({ op: 'hello', protocol: 1, instruments: [] }),
      '{"op":"replay","state":',
      ` ${JSON.stringify({ op: 'replay', state })}`,
    ])
      expect(replayStateOf(text), text).toBeUndefined();
  });
});
