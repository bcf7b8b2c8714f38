import { describe, expect, it } from 'vitest';
import { plainReason } from './connection-words';

describe('plainReason', () => {
  it('puts socket errors in plain words and keeps anything else as it came', () => {
    expect(plainReason('stalled: no data for 4.5 s')).toBe('no data from the feed for 4.5 s');
    expect(plainReason('server closed the connection (1001 going away)')).toBe(
      'the feed closed the connection (1001): going away',
    );
    expect(plainReason('server closed the connection (1006)')).toBe(
      'the connection was cut, with no close from the feed (1006)',
    );
    // A NATS desk's gateway says why; it read only "(1013)", even with nats-server down.
    expect(
      plainReason(
        'server closed the connection (1013 NATS: connect ECONNREFUSED 127.0.0.1:4222); the server asked to wait 2 s',
      ),
    ).toBe(
      'the feed closed the connection (1013): NATS: connect ECONNREFUSED 127.0.0.1:4222; the server asked to wait 2 s',
    );
    expect(plainReason('read ECONNRESET')).toBe('the connection was cut');
    expect(plainReason('renewing the connection after 24 h')).toBe(
      'renewing the connection after 24 h',
    );
  });
});
