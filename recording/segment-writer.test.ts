import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SegmentWriter } from './segment-writer';

// A disk that fills up mid-write makes write(2) take part of a buffer; the test makes the next
// write do that once, through the real writeSync.
const short = vi.hoisted(() => ({ next: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return {
    ...real,
    writeSync: (fd: number, buffer: Buffer, offset = 0) => {
      if (!short.next) return real.writeSync(fd, buffer, offset);
      short.next = false;
      return real.writeSync(fd, buffer, offset, Math.ceil((buffer.length - offset) / 2));
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'tickdeck-segment-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (from: number, count: number): string =>
  Array.from(
    { length: count },
    (_, i) => `{"t":${from + i},"m":{"n":${Math.sin(from + i)}}}\n`,
  ).join('');

describe('SegmentWriter', () => {
  it('writes the rest of a chunk the disk took only part of, so the segment stays whole', async () => {
    const path = join(dir, 'segment-000000.ndjson.gz');
    const writer = new SegmentWriter(path);
    writer.write(lines(0, 2_000));
    await writer.flush();
    short.next = true;
    writer.write(lines(2_000, 2_000));
    await writer.flush();
    writer.write(lines(4_000, 2_000));
    await writer.close();
    expect(short.next).toBe(false);
    expect(writer.error).toBeNull();
    const text = gunzipSync(readFileSync(path), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(text.toString('utf8')).toBe(lines(0, 6_000));
    expect(writer.compressedBytes).toBe(fs.statSync(path).size);
  });
});
