import { describe, expect, it } from 'vitest';
import type { Batch } from '../../../protocol/batch';
import type { TickdeckApi } from '../../../protocol/ipc';
import { batch } from '../../../test-support/batches';
import { receiveBatches } from './receive-batches';

/** The API's two batch calls, recording what the page did in order. */
function batchApi(log: string[]) {
  let listener: ((b: Batch) => void) | null = null;
  const api: Pick<TickdeckApi, 'onBatch' | 'ack'> = {
    onBatch: (l) => {
      listener = l;
      return () => {
        listener = null;
        log.push('stopped');
      };
    },
    ack: (seq) => void log.push(`ack ${seq}`),
  };
  return { api, push: (b: Batch) => listener?.(b) };
}

describe('receiveBatches', () => {
  it('folds each batch, tells the frame loop its newest tick, then acks it', () => {
    const log: string[] = [];
    const { api, push } = batchApi(log);
    const stop = receiveBatches(
      api,
      { apply: (b) => void log.push(`apply ${b.seq}`), checkHost: () => {} },
      { batchArrived: (ts) => void log.push(`drawn ${ts}`) },
      () => log.push('received'),
    );
    push({ ...batch({ reset: true }), seq: 4, newestTickTs: 1_700 });
    push({ ...batch({}), seq: 5, newestTickTs: null });
    stop();
    expect(log).toEqual([
      'apply 4',
      'drawn 1700',
      'ack 4',
      'received',
      'apply 5',
      'drawn null',
      'ack 5',
      'received',
      'stopped',
    ]);
  });
});
