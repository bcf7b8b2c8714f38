import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatusMessage } from '../../protocol/feed';
import { PendingRequests, REQUEST_TIMEOUT_MS } from './pending-requests';

const ok = (id: number): StatusMessage => ({ op: 'status', id, ok: true });
const refused = (id: number | null, message: string): StatusMessage => ({
  op: 'status',
  id,
  ok: false,
  error: { code: 'UNKNOWN_INSTRUMENT', message },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PendingRequests', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('settles the request a status names, once, and resolves or rejects it by the reply', async () => {
    const requests = new PendingRequests();
    const first = requests.wait(1);
    const second = requests.wait(2);
    expect(requests.settle(ok(1))).toBe(true);
    expect(requests.settle(refused(2, 'unknown instrument NOPE'))).toBe(true);
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('unknown instrument NOPE');
    // Each reply settles its request once; a repeat or a stranger finds nothing waiting.
    expect(requests.settle(ok(1))).toBe(false);
    expect(requests.settle(ok(3))).toBe(false);
    expect(requests.settle(refused(null, 'bad frame'))).toBe(false);
  });

  it('gives up after the timeout, 5 s unless told, and forgets the request', async () => {
    vi.useFakeTimers();
    const requests = new PendingRequests();
    const waiting = requests.wait(7);
    const failed = expect(waiting).rejects.toThrow('no reply from the feed within 5 s');
    vi.advanceTimersByTime(REQUEST_TIMEOUT_MS - 1);
    expect(requests.settle(ok(8))).toBe(false);
    vi.advanceTimersByTime(1);
    await failed;
    expect(REQUEST_TIMEOUT_MS).toBe(5_000);
    expect(requests.settle(ok(7))).toBe(false);
  });

  it('a settled or failed request no longer times out: its id can be waited on again', async () => {
    const requests = new PendingRequests();
    const first = requests.wait(1, 20);
    requests.settle(ok(1));
    await first;
    const failed = requests.wait(2, 20);
    requests.failAll('connection closed: test');
    await expect(failed).rejects.toThrow('connection closed: test');
    // The old timers, had they run, would drop these newer requests for the same ids.
    const again = [requests.wait(1, 10_000), requests.wait(2, 10_000)];
    await sleep(60);
    expect(requests.settle(ok(1))).toBe(true);
    expect(requests.settle(ok(2))).toBe(true);
    await Promise.all(again);
  });

  it('fails every waiting request with the reason, and then holds none', async () => {
    const requests = new PendingRequests();
    const waiting = [requests.wait(1), requests.wait(2)];
    requests.failAll('connection lost: reset');
    for (const request of waiting) await expect(request).rejects.toThrow('connection lost: reset');
    expect(requests.settle(ok(1))).toBe(false);
    expect(requests.settle(ok(2))).toBe(false);
  });
});
