import { describe, expect, it } from 'vitest';
import type { Tick } from '../../protocol/feed';
import { decodeServerMessage } from '../../protocol/decode';
import { ticksFramePieces } from './ticks-frame-pieces';
import { trade } from '../../test-support/engine-fixtures';

const book = (instrument: string, seq: number): Tick =>
  ({
    instrument,
    seq,
    ts: seq,
    kind: 'book',
    bids: [[99.5, 3]],
    asks: [[100.5, 2]],
  }) as unknown as Tick;
const frameOf = (ticks: readonly Tick[]) => JSON.stringify({ op: 'ticks', ticks });
const many = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? book(`B"${i % 7}`, i) : trade(`A},{"instrument":"${i % 5}`, i, 100 + i),
  );
const ticksOf = (text: string) => {
  const decoded = decodeServerMessage(text);
  if (!decoded.ok || decoded.value.op !== 'ticks') throw new Error(`not a ticks frame: ${text}`);
  return decoded.value.ticks;
};

describe('ticksFramePieces', () => {
  it('cuts a large ticks frame between ticks into frames that decode to the same ticks', () => {
    const ticks = many(500);
    const text = frameOf(ticks);
    const pieces = ticksFramePieces(text, 4_000)!;
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.flatMap(ticksOf)).toEqual(ticksOf(text));
    // Each about the size asked, none empty.
    for (const piece of pieces) expect(ticksOf(piece).length).toBeGreaterThan(0);
    expect(Math.max(...pieces.slice(0, -1).map((p) => p.length))).toBeLessThan(4_000 + 300);
  });

  it('leaves short frames, and frames of any other shape, whole', () => {
    expect(ticksFramePieces(frameOf(many(10)), 4_000)).toBeNull();
    const snapshot = JSON.stringify({
      op: 'snapshot',
      instrument: 'A',
      seq: 1,
      pad: 'x'.repeat(9_000),
    });
    expect(ticksFramePieces(snapshot, 4_000)).toBeNull();
    const extra = JSON.stringify({ op: 'ticks', ticks: many(500), more: 1 });
    expect(ticksFramePieces(extra, 4_000)).toBeNull();
    // Ticks whose text never reads `},{"instrument":"` between them: no place to cut.
    const keysLater = JSON.stringify({
      op: 'ticks',
      ticks: many(500).map(({ instrument, ...rest }) => ({ ...rest, instrument })),
    });
    expect(ticksFramePieces(keysLater, 4_000)).toBeNull();
  });
});
