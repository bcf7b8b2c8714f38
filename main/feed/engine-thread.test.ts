import { describe, expect, it } from 'vitest';
import { ENGINE_THREAD_ENV, createEngine } from './engine-thread';

describe('createEngine', () => {
  it('refuses an unknown thread, naming the variable and the choices', () => {
    expect(() => createEngine({ feed: null, batchHz: 30 }, { [ENGINE_THREAD_ENV]: 'gpu' })).toThrow(
      'TICKDECK_ENGINE_THREAD: expected main or worker, got "gpu"',
    );
  });
});
