import { describe, expect, it } from 'vitest';
import { ENGINE_THREAD_ENV, createEngine, engineThreadOf } from './engine-thread';

describe('createEngine', () => {
  it('refuses an unknown thread, naming the variable and the choices', () => {
    expect(() => createEngine({ feed: null, batchHz: 30 }, { [ENGINE_THREAD_ENV]: 'gpu' })).toThrow(
      'TICKDECK_ENGINE_THREAD: expected main or worker, got "gpu"',
    );
  });

  it('runs the engine in a worker unless told main', () => {
    expect(engineThreadOf({})).toBe('worker');
    expect(engineThreadOf({ [ENGINE_THREAD_ENV]: 'worker' })).toBe('worker');
    expect(engineThreadOf({ [ENGINE_THREAD_ENV]: 'main' })).toBe('main');
  });
});
