import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticRecording } from '../test-support/recording-traffic';
import { RecordingError, segmentFileName } from './format';
import { openRecording } from './recording-reader';
import { openRecordingSet } from './recording-set';
import { SOURCES_FILE } from './recording-set-file';

let root: string;
let good: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tickdeck-regular-'));
  good = join(root, 'good');
  await writeSyntheticRecording(good, { messages: 50 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the good recording with `name` replaced by a link to `/dev/zero`. */
function withDevZero(name: string): string {
  const dir = mkdtempSync(join(root, 'rec-'));
  cpSync(good, dir, { recursive: true });
  unlinkSync(join(dir, name));
  symlinkSync('/dev/zero', join(dir, name));
  return dir;
}

// Devices, FIFOs and symlinks to them are POSIX; a Windows folder cannot hold them this way.
describe.skipIf(process.platform === 'win32')('a recording naming a file that is not one', () => {
  it('refuses a segment that is a device (endless, size 0), naming it, without reading it', async () => {
    const dir = withDevZero(segmentFileName(0));
    const err = await openRecording(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordingError);
    expect((err as RecordingError).message).toBe(
      `${join(dir, segmentFileName(0))}: cannot read: not a regular file`,
    );
  });

  it('refuses a FIFO segment rather than waiting for a writer', async () => {
    const dir = mkdtempSync(join(root, 'fifo-'));
    cpSync(good, dir, { recursive: true });
    unlinkSync(join(dir, segmentFileName(0)));
    expect(spawnSync('mkfifo', [join(dir, segmentFileName(0))]).status).toBe(0);
    await expect(openRecording(dir)).rejects.toThrow(/cannot read: not a regular file/);
  });

  it('refuses a sources.json that is a device, naming it', async () => {
    const dir = mkdtempSync(join(root, 'set-'));
    cpSync(good, join(dir, 'alpha'), { recursive: true });
    symlinkSync('/dev/zero', join(dir, SOURCES_FILE));
    await expect(openRecordingSet(dir)).rejects.toThrow(
      `${join(dir, SOURCES_FILE)}: cannot read: not a regular file`,
    );
  });
});
