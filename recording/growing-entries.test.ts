import { describe, expect, it } from 'vitest';
import { GrowingEntries } from './growing-entries';

const message = (t: number) => ({ kind: 'message' as const, t, raw: '{}' });

describe('entries of a segment still being produced', () => {
  it('wakes a reader when its entry is published, and says false past the end once finished', async () => {
    const growing = new GrowingEntries();
    const second = growing.ready(1);
    let answered = false;
    void second.then(() => (answered = true));
    growing.entries.push(message(1), message(2));
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false); // appended, not yet published
    growing.publish();
    expect(await second).toBe(true);
    const third = growing.ready(2);
    growing.finish();
    expect(await third).toBe(false);
    expect(await growing.ready(0)).toBe(true);
  });

  it('fails readers waiting past the end with the error that stopped it', async () => {
    const growing = new GrowingEntries();
    growing.entries.push(message(1));
    const waiting = growing.ready(1);
    growing.finish(new Error('segment 3 is damaged'));
    await expect(waiting).rejects.toThrow('segment 3 is damaged');
    expect(await growing.ready(0)).toBe(true);
  });
});
