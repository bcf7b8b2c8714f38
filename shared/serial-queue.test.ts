import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial-queue';

describe('serialQueue', () => {
  it('runs tasks one at a time in call order, and a failure rejects only its own caller', async () => {
    const queue = serialQueue();
    const order: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      expect(running).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(name);
      running--;
      return name;
    };
    const a = queue(task('a', 20));
    const b = queue(() => {
      throw new Error('b failed');
    });
    const c = queue(task('c', 1));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b failed');
    await expect(c).resolves.toBe('c');
    expect(order).toEqual(['a', 'c']);
  });
});
