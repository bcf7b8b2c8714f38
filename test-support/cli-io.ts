/** Captured stdout/stderr for in-process CLI tests. */
import { PassThrough } from 'node:stream';
import type { CommandIo } from '../feed-simulator/cli-support';

export interface CapturedIo extends CommandIo {
  out(): string;
  err(): string;
}

export function captureIo(signal?: AbortSignal): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, signal, out: () => out, err: () => err };
}
