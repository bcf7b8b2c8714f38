import { describe, expect, it, vi } from 'vitest';
import { FeedEndpoints, addressHosts, feedAddress } from './feed-endpoints';

describe('feed addresses', () => {
  it('treats a NATS source as an address, like a ws:// feed; built-in choices are none', () => {
    expect(feedAddress('ws://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787');
    expect(feedAddress('nats://10.0.0.5:4222/sim')).toBe('nats://10.0.0.5:4222/sim');
    expect(feedAddress('nats://a.example:4222,b.example:4223/desk')).toMatch(
      /^nats:\/\/a\.example:4222,nats:\/\/b\.example:4223\/desk$/,
    );
    expect(feedAddress(null)).toBeNull();
    expect(feedAddress('kraken:BTC/USD')).toBeNull();
  });

  it('names the hosts an address dials, as URL reads them', () => {
    expect(addressHosts('ws://bank.example@evil.example:9000/feed')).toBe('evil.example:9000');
    expect(addressHosts(feedAddress('nats://a.example:4222,b.example:4223/desk')!)).toBe(
      'a.example:4222, b.example:4223',
    );
  });

  it('asks before the page may use a NATS server the user did not choose', async () => {
    const confirm = vi.fn(async () => false);
    const endpoints = new FeedEndpoints([feedAddress('nats://10.0.0.5:4222/sim')], confirm);
    await expect(
      endpoints.admit(feedAddress('nats://10.0.0.5:4222/sim')!),
    ).resolves.toBeUndefined();
    const other = feedAddress('nats://198.51.100.7:4222/sim')!;
    await expect(endpoints.admit(other)).rejects.toThrow(/declined/);
    expect(confirm).toHaveBeenCalledWith(other);
    const browser = new FeedEndpoints([], null);
    await expect(browser.admit(other)).rejects.toThrow(/restart with --feed/);
  });
});
