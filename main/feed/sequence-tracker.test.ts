import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker';

describe('SequenceTracker', () => {
  it('applies consecutive ticks, counting conflated ones as several events', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 10);
    expect(seq.check('A', 11)).toBe('apply');
    expect(seq.check('A', 14, 3)).toBe('apply');
    expect(seq.resumePoints()).toEqual(new Map([['A', 14]]));
  });

  it('drops ticks already folded (a resume that replays too much)', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 10);
    expect(seq.check('A', 10)).toBe('duplicate');
    expect(seq.check('A', 11)).toBe('apply');
  });

  it('on a gap refuses the instrument until a snapshot replaces it', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 10);
    expect(seq.check('A', 13)).toBe('gap');
    expect(seq.check('A', 14)).toBe('awaiting-snapshot');
    expect(seq.resumePoints().has('A')).toBe(false);
    expect([...seq.pending]).toEqual(['A']);
    seq.snapshot('A', 20);
    expect(seq.check('A', 21)).toBe('apply');
  });

  it('a gap holds only its own instrument: the others keep applying', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 10);
    seq.snapshot('B', 20);
    expect(seq.check('A', 12)).toBe('gap');
    expect(seq.check('B', 21)).toBe('apply');
    expect(seq.check('C', 1)).toBe('apply');
  });

  it('forgets instruments that left, including one waiting for its snapshot', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 1);
    seq.snapshot('B', 1);
    seq.snapshot('C', 1);
    seq.check('A', 5);
    seq.check('C', 5);
    seq.retain(new Set(['B', 'C']));
    expect([...seq.resumePoints().keys()]).toEqual(['B']);
    expect([...seq.pending]).toEqual(['C']);
  });

  it('clear forgets every sequence and every wait', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 10);
    seq.snapshot('B', 10);
    seq.check('B', 15);
    seq.clear();
    expect(seq.resumePoints().size).toBe(0);
    expect(seq.pending.size).toBe(0);
    expect(seq.check('A', 3)).toBe('apply');
    expect(seq.check('B', 3)).toBe('apply');
  });

  it('holds an instrument the feed reported broken, once, until its snapshot', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 5);
    expect(seq.invalidate('A')).toBe(true);
    // The seq jump that comes with the news, and a second report, ask for nothing more.
    expect(seq.check('A', 7)).toBe('awaiting-snapshot');
    expect(seq.invalidate('A')).toBe(false);
    seq.snapshot('A', 7);
    expect(seq.check('A', 8)).toBe('apply');
  });

  it('a cell bound to an instrument carries on its sequence, and is where checks land', () => {
    const seq = new SequenceTracker();
    seq.snapshot('A', 5);
    const cell = { seq: 0 };
    seq.bind('A', cell);
    expect(cell.seq).toBe(5);
    expect(seq.check('A', 7)).toBe('gap');
    seq.snapshot('A', 7);
    expect(seq.checkCell(cell, 'A', 8)).toBe('apply');
    expect(cell.seq).toBe(8);
    expect(seq.resumePoints()).toEqual(new Map([['A', 8]]));
    const fresh = { seq: 3 };
    seq.bind('B', fresh); // an instrument new to the tracker starts with no sequence known
    expect(fresh.seq).toBeNaN();
    expect(seq.check('B', 100)).toBe('apply');
  });

  describe('a snapshot older than the session applied (bug 101)', () => {
    it('is behind once a tick of this session moved the instrument past it', () => {
      const seq = new SequenceTracker();
      seq.snapshot('A', 10);
      seq.newSession();
      expect(seq.isBehind('A', 5)).toBe(false); // a restarted server: its seqs start over
      expect(seq.check('A', 11)).toBe('apply');
      expect(seq.isBehind('A', 10)).toBe(true);
      expect(seq.isBehind('A', 11)).toBe(false); // the state it holds: no roll back
      expect(seq.isBehind('A', 12)).toBe(false);
    });

    it("takes a new session's first snapshot whatever its seq, and no older one after it", () => {
      const seq = new SequenceTracker();
      seq.snapshot('A', 5_000);
      seq.newSession();
      expect(seq.isBehind('A', 200)).toBe(false);
      seq.snapshot('A', 200);
      expect(seq.isBehind('A', 150)).toBe(true);
      seq.newSession();
      expect(seq.isBehind('A', 150)).toBe(false);
    });

    it('takes an older snapshot after a gap: with the ticks after it, it catches the state up', () => {
      const seq = new SequenceTracker();
      seq.snapshot('A', 10);
      seq.newSession();
      expect(seq.check('A', 11)).toBe('apply');
      expect(seq.check('A', 15)).toBe('gap');
      expect(seq.isBehind('A', 8)).toBe(false);
      seq.snapshot('A', 8);
      expect(seq.check('A', 9)).toBe('apply');
    });

    it('takes any snapshot of an instrument it holds nothing of (a seek cleared it)', () => {
      const seq = new SequenceTracker();
      seq.snapshot('A', 10);
      expect(seq.check('A', 11)).toBe('apply');
      seq.clear();
      expect(seq.isBehind('A', 3)).toBe(false);
      expect(seq.isBehind('NEW', 3)).toBe(false);
    });
  });
});
