import { describe, expect, it } from 'vitest';
import { SourceForm } from './source-form.svelte';

describe('SourceForm', () => {
  it('fills from the saved feed and reads it back unchanged', () => {
    const form = new SourceForm();
    form.load('kraken:BTC/USD,ETH/USD', 'wss://ws.example/v2');
    expect([form.kind, form.symbols, form.endpoint]).toEqual([
      'kraken',
      'BTC/USD, ETH/USD',
      'wss://ws.example/v2',
    ]);
    expect(form.read(null)).toEqual({
      feed: 'kraken:BTC/USD,ETH/USD',
      endpoint: 'wss://ws.example/v2',
    });
  });

  it('keeps the saved endpoint override for a kind that takes none', () => {
    const form = new SourceForm();
    form.load(null, 'wss://ws.example/v2');
    expect(form.kind).toBe('embedded');
    expect(form.read('wss://saved.example')).toEqual({
      feed: null,
      endpoint: 'wss://saved.example',
    });
  });

  it('says what is wrong instead of a choice, and clears it once the choice is good', () => {
    const form = new SourceForm();
    form.load('kraken:BTC/USD', null);
    form.endpoint = 'http://not-a-socket';
    expect(form.read(null)).toBeNull();
    expect(form.error).toMatch(/^Endpoint: /);
    form.endpoint = '';
    expect(form.read(null)).toEqual({ feed: 'kraken:BTC/USD', endpoint: null });
    expect(form.error).toBe('');
  });

  it('forgets an earlier error when it is filled again', () => {
    const form = new SourceForm();
    form.load(null, null);
    form.kind = 'tickdeck';
    form.url = 'not a url';
    expect(form.read(null)).toBeNull();
    expect(form.error).not.toBe('');
    form.load(null, null);
    expect(form.error).toBe('');
  });
});
