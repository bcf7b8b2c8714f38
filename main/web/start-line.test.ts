import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../protocol/settings';
import { startLine } from './start-line';

describe('startLine', () => {
  it('names the embedded simulator when nothing else is chosen', () => {
    expect(startLine(DEFAULT_SETTINGS, null)).toBe('Tickdeck browser mode (embedded simulator)');
  });

  it('names every source the run connects, with an endpoint override', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      feeds: [
        { feed: null, endpoint: null },
        { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:9000' },
        { feed: 'coinbase:BTC-USD', endpoint: null },
      ],
    };
    expect(startLine(settings, null)).toBe(
      'Tickdeck browser mode (sim + kraken:BTC/USD at ws://127.0.0.1:9000 + coinbase:BTC-USD)',
    );
  });

  it('names a saved single source, not the simulator', () => {
    const settings = { ...DEFAULT_SETTINGS, feed: 'kraken:BTC/USD' };
    expect(startLine(settings, null)).toBe('Tickdeck browser mode (kraken:BTC/USD)');
  });

  it('names the recording a replay run plays', () => {
    expect(startLine(DEFAULT_SETTINGS, '/data/rec40')).toBe(
      'Tickdeck browser mode (replay of /data/rec40)',
    );
  });
});
