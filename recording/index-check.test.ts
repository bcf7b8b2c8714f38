import { describe, expect, it } from 'vitest';
import { indexProblem } from './index-check';

/** The latest time the check accepts (the end of JavaScript's Date range). */
const LAST_TIME = 8.64e15;

type Fields = Record<string, unknown>;

/** A segment as the writer leaves it: 10 lines from 1000 to 2000, two checkpoints. */
function segment(patch: Fields = {}): Fields {
  return {
    file: 'segment-000000.ndjson.gz',
    segment: 0,
    start: 1000,
    end: 2000,
    lines: 10,
    messages: 8,
    bytes: 500,
    compressedBytes: 200,
    seq: { A: [1, 8] },
    checkpoints: [
      { t: 1000, line: 1, offset: 40, deflateOffset: 10 },
      { t: 2000, line: 9, offset: 500, deflateOffset: 200 },
    ],
    ...patch,
  };
}

const INSTRUMENT = { id: 'A', kind: 'market', name: 'A', tickSize: 0.01 };

function index(patch: Fields = {}): Fields {
  return { start: 1000, instruments: [INSTRUMENT], segments: [segment()], ...patch };
}

/** The problem of an index whose only segment has `patch` applied. */
const segmentWith = (patch: Fields) => indexProblem(index({ segments: [segment(patch)] }));

/** The problem of an index whose only segment's checkpoint `c` has `patch` applied. */
function checkpointWith(c: number, patch: Fields, segmentPatch: Fields = {}): string | null {
  const checkpoints = (segment().checkpoints as Fields[]).map((cp, i) =>
    i === c ? { ...cp, ...patch } : cp,
  );
  return segmentWith({ checkpoints, ...segmentPatch });
}

describe('indexProblem: the index as a whole', () => {
  it('passes what the writer writes, and the edges of each range', () => {
    expect(indexProblem(index())).toBeNull();
    expect(indexProblem(index({ segments: [], instruments: [] }))).toBeNull();
    for (const start of [0, LAST_TIME]) expect(indexProblem(index({ start }))).toBeNull();
  });

  it('names a start that is not a time in epoch ms', () => {
    for (const start of [-1, LAST_TIME + 1, NaN, Infinity, '1000', undefined])
      expect(indexProblem(index({ start }))).toBe('start: expected a time in epoch ms');
  });

  it('names instruments that are not a list a hello may carry', () => {
    const unnamed = { ...INSTRUMENT, name: undefined };
    for (const instruments of [
      {},
      'A',
      [1],
      [null],
      [[]],
      [INSTRUMENT, 'B'],
      [{ id: 'A' }],
      [unnamed],
    ])
      expect(indexProblem(index({ instruments }))).toBe(
        'instruments: expected a list of instruments',
      );
  });

  it('names segments that are not a list, and a segment by its place', () => {
    for (const segments of [{}, null, 'x'])
      expect(indexProblem(index({ segments }))).toBe('segments: expected a list');
    for (const bad of [null, [], 'x'])
      expect(indexProblem(index({ segments: [segment(), bad] }))).toBe(
        'segments[1]: expected an object',
      );
  });
});

describe('indexProblem: a segment', () => {
  it('names a file that is not a segment file name, and a number that is not its own', () => {
    const fileProblem = 'segments[0].file: expected a segment file name (segment-000000.ndjson.gz)';
    for (const file of [5, 'segment-0.ndjson.gz', 'x/segment-000000.ndjson.gz', undefined])
      expect(segmentWith({ file })).toBe(fileProblem);
    for (const n of [1, '0', undefined])
      expect(segmentWith({ segment: n })).toBe(
        'segments[0].segment: expected the number in its file name',
      );
    expect(segmentWith({ file: 'segment-000012.ndjson.gz', segment: 12 })).toBeNull();
  });

  it('names start and end that are not times in order', () => {
    const problem = 'segments[0].start, .end: expected times in epoch ms, start <= end';
    for (const patch of [{ start: 2001 }, { end: 999 }, { start: -1 }, { end: LAST_TIME + 1 }])
      expect(segmentWith(patch)).toBe(problem);
    const at = 1500;
    const checkpoints = [{ t: at, line: 1, offset: 40 }];
    expect(segmentWith({ start: at, end: at, checkpoints })).toBeNull();
  });

  it('names lines and messages that are not counts, or more messages than lines', () => {
    for (const lines of [-1, 1.5, '10'])
      expect(segmentWith({ lines })).toBe('segments[0].lines: expected a count');
    const problem = 'segments[0].messages: expected a count no larger than lines';
    for (const messages of [-1, 0.5, 11, '8']) expect(segmentWith({ messages })).toBe(problem);
    expect(segmentWith({ messages: 10 })).toBeNull();
    expect(segmentWith({ lines: 0, messages: 0, checkpoints: [] })).toBeNull();
  });

  it('takes -1 as an unknown size, and names any other size that is not a count', () => {
    for (const bytes of [-2, 1.5, '500', 2 ** 53])
      expect(segmentWith({ bytes })).toBe('segments[0].bytes: expected a size in bytes, or -1');
    for (const compressedBytes of [-1, 0.5, '200'])
      expect(segmentWith({ compressedBytes })).toBe(
        'segments[0].compressedBytes: expected a size in bytes',
      );
    expect(segmentWith({ bytes: -1 })).toBeNull();
  });

  it('names seq that is not a [first, last] pair of integers per instrument', () => {
    const problem = 'segments[0].seq: expected [first, last] seq per instrument';
    for (const seq of [null, [], { A: [1] }, { A: [1, 2, 3] }, { A: [1, '2'] }, { A: [1, 2.5] }])
      expect(segmentWith({ seq })).toBe(problem);
    expect(segmentWith({ seq: { A: [1, 8], B: [-1, 0] } })).toBeNull();
    expect(segmentWith({ seq: {} })).toBeNull();
  });

  it('names checkpoints that are not a list or more than one per line', () => {
    const problem = 'segments[0].checkpoints: expected a list, at most one per line';
    expect(segmentWith({ checkpoints: {} })).toBe(problem);
    expect(segmentWith({ lines: 1, messages: 1 })).toBe(problem);
    const twoLines = [
      { t: 1000, line: 0, offset: 0 },
      { t: 2000, line: 1, offset: 500 },
    ];
    expect(segmentWith({ lines: 2, messages: 1, checkpoints: twoLines })).toBeNull();
  });
});

describe('indexProblem: a checkpoint', () => {
  it('names a checkpoint that is not an object by its place', () => {
    for (const bad of [null, [], 3])
      expect(segmentWith({ checkpoints: [{ t: 1000, line: 1, offset: 40 }, bad] })).toBe(
        'segments[0].checkpoints[1]: expected an object',
      );
  });

  it("names a time outside the segment's start and end", () => {
    const problem =
      "segments[0].checkpoints[1].t: expected a time within the segment's start and end";
    for (const t of [999, 2001, '2000', NaN]) expect(checkpointWith(1, { t })).toBe(problem);
    expect(checkpointWith(1, { t: 1000 })).toBeNull();
  });

  it("names a line that is not below the segment's lines", () => {
    const problem = 'segments[0].checkpoints[0].line: expected a line number below lines';
    for (const line of [10, -1, 0.5]) expect(checkpointWith(0, { line })).toBe(problem);
    expect(checkpointWith(0, { line: 9 })).toBeNull();
  });

  it('takes -1 as an unknown offset and refuses one past the known size', () => {
    for (const offset of [-2, 1.5, '40'])
      expect(checkpointWith(0, { offset })).toBe(
        'segments[0].checkpoints[0].offset: expected a byte offset, or -1',
      );
    expect(checkpointWith(0, { offset: -1 })).toBeNull();
    expect(checkpointWith(1, { offset: 501 })).toBe(
      "segments[0].checkpoints[1].offset: beyond the segment's 500 bytes",
    );
    expect(checkpointWith(1, { offset: 10 ** 9 }, { bytes: -1 })).toBeNull();
    // 0 is a known size: only -1 lifts the bound.
    expect(checkpointWith(0, { offset: 1 }, { bytes: 0 })).toBe(
      "segments[0].checkpoints[0].offset: beyond the segment's 0 bytes",
    );
  });

  it('takes deflate offsets rising within compressedBytes, or none', () => {
    const problem =
      'segments[0].checkpoints[1].deflateOffset: expected increasing file offsets within compressedBytes';
    for (const deflateOffset of [10, 9, 201, -1, 0.5, null])
      expect(checkpointWith(1, { deflateOffset })).toBe(problem);
    expect(checkpointWith(0, { deflateOffset: 0 })).toBeNull();
    expect(checkpointWith(1, { deflateOffset: 11 })).toBeNull();
    expect(checkpointWith(0, { deflateOffset: undefined })).toBeNull();
    // A checkpoint without one does not reset the rise: the next is held to the one before.
    const checkpoints = [
      { t: 1000, line: 1, offset: 40, deflateOffset: 50 },
      { t: 1500, line: 5, offset: 300 },
      { t: 2000, line: 9, offset: 500, deflateOffset: 50 },
    ];
    expect(segmentWith({ checkpoints })).toBe(
      'segments[0].checkpoints[2].deflateOffset: expected increasing file offsets within compressedBytes',
    );
  });
});
