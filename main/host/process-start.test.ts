/** bug 179: a process's start, read from /proc, tells it apart from a later one of its pid. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { processStartOf } from './process-start';

const BOOT = '0a1b2c3d-0000-4000-8000-123456789abc';
const readerOf =
  (stat: string) =>
  (path: string): string => {
    if (path === '/proc/sys/kernel/random/boot_id') return `${BOOT}\n`;
    if (path === '/proc/42/stat') return stat;
    throw new Error('ENOENT');
  };
// Fields 3 to 21, then the start (22) and more after it.
const statLine = (command: string, start: string) =>
  `42 (${command}) S ${Array.from({ length: 18 }, (_, i) => i + 1).join(' ')} ${start} 3133440 379\n`;

describe('processStartOf', () => {
  it('reads field 22 after the command, whatever the command holds', () => {
    expect(processStartOf(42, readerOf(statLine('node', '32931')))).toBe(`${BOOT}/32931`);
    expect(processStartOf(42, readerOf(statLine('a) b (c) 7', '32931')))).toBe(`${BOOT}/32931`);
  });

  it('is null for a line not as the kernel writes it, or no /proc', () => {
    for (const bad of [
      '',
      '42 (node) S 1 2',
      statLine('node', '-5'),
      statLine('node', '9'.repeat(21)),
    ])
      expect(processStartOf(42, readerOf(bad))).toBeNull();
    expect(processStartOf(7, readerOf(statLine('node', '1')))).toBeNull();
  });

  it.runIf(process.platform === 'linux')(
    'differs between two processes, and stays for one',
    async () => {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      await once(child, 'spawn');
      const childStart = processStartOf(child.pid!);
      child.kill('SIGKILL');
      await once(child, 'exit');
      expect(processStartOf(process.pid)).toMatch(/^[0-9a-f-]+\/\d+$/);
      expect(processStartOf(process.pid)).toBe(processStartOf(process.pid));
      expect(childStart).toMatch(/^[0-9a-f-]+\/\d+$/);
      expect(childStart).not.toBe(processStartOf(process.pid));
      expect(processStartOf(child.pid!)).toBeNull();
    },
  );
});
