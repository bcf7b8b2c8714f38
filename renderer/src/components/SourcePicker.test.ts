import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SourcePicker from './SourcePicker.svelte';

afterEach(cleanup);

function renderPicker(
  feed: string | null = null,
  feedEndpoint: string | null = null,
  replaying: string | null = null,
) {
  const onconnect = vi.fn();
  render(SourcePicker, { props: { feed, feedEndpoint, replaying, onconnect } });
  return onconnect;
}

const openPicker = () => fireEvent.click(screen.getByRole('button', { name: /Change source/ }));

describe('SourcePicker', () => {
  it('shows the current source and opens on it', async () => {
    renderPicker('kraken:BTC/USD,ETH/USD');
    expect(screen.getByTestId('feed-source').textContent).toBe('Kraken · BTC/USD, ETH/USD');
    await openPicker();
    expect((screen.getByLabelText('Source') as HTMLSelectElement).value).toBe('kraken');
    expect((screen.getByLabelText('Symbols') as HTMLInputElement).value).toBe('BTC/USD, ETH/USD');
  });

  it('says when a recording is replayed instead of the feed', () => {
    renderPicker('kraken:BTC/USD', null, 'session-1');
    expect(screen.getByTestId('feed-source').textContent).toBe('Replay · session-1');
  });

  it('connects to an exchange with typed symbols and an endpoint override', async () => {
    const onconnect = renderPicker();
    await openPicker();
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'binance' } });
    const symbols = screen.getByLabelText('Symbols');
    await fireEvent.input(symbols, { target: { value: 'btcusdt, e' } });
    const options = [...document.querySelectorAll('#symbol-suggestions option')].map(
      (o) => (o as HTMLOptionElement).value,
    );
    expect(options).toEqual(['btcusdt, ethusdt']);
    await fireEvent.input(symbols, { target: { value: 'btcusdt, ethusdt' } });
    await fireEvent.input(screen.getByLabelText('Endpoint'), {
      target: { value: 'ws://127.0.0.1:9443/ws' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(onconnect).toHaveBeenCalledWith('binance:btcusdt,ethusdt', 'ws://127.0.0.1:9443/ws');
    expect(screen.queryByRole('form', { name: 'Choose a source' })).toBeNull();
  });

  it('connects to the embedded simulator or a Tickdeck server, keeping the endpoint', async () => {
    const onconnect = renderPicker('coinbase:BTC-USD', 'wss://proxy.example/cb');
    await openPicker();
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'embedded' } });
    expect(screen.queryByLabelText('Endpoint')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(onconnect).toHaveBeenLastCalledWith(null, 'wss://proxy.example/cb');
    await openPicker();
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'tickdeck' } });
    await fireEvent.input(screen.getByLabelText('Server URL'), {
      target: { value: 'ws://127.0.0.1:8787' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(onconnect).toHaveBeenLastCalledWith('ws://127.0.0.1:8787', 'wss://proxy.example/cb');
  });

  it('explains what is wrong instead of connecting', async () => {
    const onconnect = renderPicker();
    await openPicker();
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'kraken' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(screen.getByRole('alert').textContent).toContain('at least one symbol');
    await fireEvent.input(screen.getByLabelText('Symbols'), { target: { value: 'BTC/USD' } });
    await fireEvent.input(screen.getByLabelText('Endpoint'), { target: { value: 'https://x' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Endpoint: .*ws:\/\//);
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'tickdeck' } });
    await fireEvent.input(screen.getByLabelText('Server URL'), { target: { value: 'http://x' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(onconnect).not.toHaveBeenCalled();
  });

  it('opens with focus on the kind of source, and closes with Escape back to its button', async () => {
    renderPicker();
    await openPicker();
    expect(document.activeElement).toBe(screen.getByLabelText('Source'));
    await fireEvent.keyDown(screen.getByLabelText('Source'), { key: 'Escape' });
    expect(screen.queryByLabelText('Source')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Change source/ }));
  });

  it('connects to a source on NATS from its servers and name, and refuses a bad name', async () => {
    const onconnect = renderPicker('nats://h1:4222/desk');
    expect(screen.getByTestId('feed-source').textContent).toBe(
      'NATS relay · desk on nats://h1:4222',
    );
    await openPicker();
    expect((screen.getByLabelText('Source') as HTMLSelectElement).value).toBe('nats');
    expect((screen.getByLabelText('Servers') as HTMLInputElement).value).toBe('nats://h1:4222');
    expect(screen.queryByLabelText('Endpoint')).toBeNull();
    await fireEvent.input(screen.getByLabelText('Servers'), {
      target: { value: 'nats://127.0.0.1:4222, 127.0.0.1:4223' },
    });
    await fireEvent.input(screen.getByLabelText('Source name'), { target: { value: 'a b' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(screen.getByRole('alert').textContent).toMatch(/a b/);
    expect(onconnect).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByLabelText('Source name'), { target: { value: 'sim' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(onconnect).toHaveBeenCalledWith('nats://127.0.0.1:4222,127.0.0.1:4223/sim', null);
  });
});

describe('SourcePicker with several sources', () => {
  it('adds a source beside the others and removes one by name', async () => {
    const added: [string | null, string | null][] = [];
    const removed: string[] = [];
    render(SourcePicker, {
      props: {
        feed: null,
        feedEndpoint: null,
        onconnect: () => {},
        sources: ['sim', 'kraken'],
        onadd: (f: string | null, e: string | null) => added.push([f, e]),
        onremove: (name: string) => removed.push(name),
      },
    });
    expect(screen.getByTestId('feed-source').textContent).toBe('sim + kraken');
    await fireEvent.click(screen.getByRole('button', { name: /Change source/ }));
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'coinbase' } });
    await fireEvent.input(screen.getByLabelText('Symbols'), { target: { value: 'BTC-USD' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(added).toEqual([['coinbase:BTC-USD', null]]);

    await fireEvent.click(screen.getByRole('button', { name: /Change source/ }));
    await fireEvent.click(screen.getByTestId('remove-source-kraken'));
    expect(removed).toEqual(['kraken']);
  });
});
