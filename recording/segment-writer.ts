/**
 * One gzip segment being written. Output goes to the file with synchronous writes as zlib
 * produces it, and `flush()` forces a Z_SYNC_FLUSH: once it resolves, every line written so far
 * is in the kernel and decodable, so a killed process leaves a readable prefix.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { constants, createGzip, type Gzip } from 'node:zlib';

export class SegmentWriter {
  private readonly gzip: Gzip;
  private readonly fd: number;
  private closed = false;
  /** Uncompressed bytes handed to `write`. */
  bytes = 0;
  /** Bytes on disk so far. */
  compressedBytes = 0;
  /** Set when writing to disk failed; nothing more is written. */
  error: Error | null = null;

  constructor(readonly path: string) {
    try {
      // 'wx': never overwrite an existing segment (another recorder, or a recording reused).
      this.fd = openSync(path, 'wx');
    } catch (err) {
      throw new Error(`${path}: cannot create (${(err as Error).message})`, { cause: err });
    }
    // Level 1: recording runs beside the live app; the ratio barely differs on JSON ticks.
    this.gzip = createGzip({ level: constants.Z_BEST_SPEED });
    this.gzip.on('data', (chunk: Buffer) => {
      if (this.error) return;
      try {
        // A write may take only part of the chunk (a disk filling up as it writes): the rest
        // follows, or its error does. A chunk left half-written, with the next one after it,
        // would corrupt the segment from there, and a reader refuses a corrupt segment whole.
        for (let done = 0; done < chunk.length;) {
          const n = writeSync(this.fd, chunk, done);
          if (n <= 0) throw new Error(`wrote nothing of ${chunk.length - done} bytes`);
          done += n;
          this.compressedBytes += n;
        }
      } catch (err) {
        // A full disk or a vanished drive: keep the process alive, let the owner report it.
        this.error = new Error(`${path}: cannot write (${(err as Error).message})`);
      }
    });
  }

  /** Queues text (whole lines) for compression. */
  write(text: string): void {
    if (this.closed) throw new Error(`${this.path}: write after close`);
    this.bytes += Buffer.byteLength(text);
    this.gzip.write(text);
  }

  /**
   * Compresses everything queued and writes it out, decodable (Z_SYNC_FLUSH). Notices a file
   * deleted under it (with its folder, say): writes to it would succeed and be lost.
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) =>
      this.gzip.flush(constants.Z_SYNC_FLUSH, () => {
        // Not closed means the descriptor is still ours (it is closed only after `closed` is set).
        if (!this.closed && !this.error && fstatSync(this.fd).nlink === 0)
          this.error = new Error(`${this.path}: the file was deleted while recording`);
        resolve();
      }),
    );
  }

  /**
   * Compresses everything queued with a Z_FULL_FLUSH (the compressor forgets its history, so
   * inflating can start here); resolves with the file offset where the next data begins.
   */
  restartPoint(): Promise<number> {
    if (this.closed) return Promise.resolve(this.compressedBytes);
    // Zlib handles queued chunks in order and emits a chunk's output before its callback, so
    // the byte count read in the callback is exactly where the following data starts.
    return new Promise((resolve) =>
      this.gzip.flush(constants.Z_FULL_FLUSH, () => resolve(this.compressedBytes)),
    );
  }

  /** Writes the gzip trailer and closes the file. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => {
      this.gzip.once('error', reject);
      this.gzip.once('end', () => {
        closeSync(this.fd);
        resolve();
      });
      this.gzip.end();
      this.gzip.resume();
    });
  }
}
