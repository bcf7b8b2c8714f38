import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import OpenRecording from './OpenRecording.svelte';

afterEach(cleanup);

const onlist = vi.fn(async () => []);
const RECENT = [
  {
    name: '2026-11-25_20-19-37',
    dir: '/rec/2026-11-25_20-19-37',
    modifiedAt: 1_764_100_000_000,
    bytes: 2_500_000,
  },
  {
    name: '2026-11-24_09-00-00',
    dir: '/rec/2026-11-24_09-00-00',
    modifiedAt: 1_764_000_000_000,
    bytes: 900,
  },
];

describe('OpenRecording', () => {
  it('desktop: shows the folder picker', async () => {
    const onchoose = vi.fn(async () => null);
    render(OpenRecording, { props: { host: 'desktop', onchoose, onopen: vi.fn(), onlist } });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    expect(onchoose).toHaveBeenCalledOnce();
  });

  it('browser: opens a typed folder path', async () => {
    const onopen = vi.fn(async () => ({}));
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen, onlist } });
    const toggle = screen.getByRole('button', { name: /Open recording/ });
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const field = screen.getByLabelText(/recording folder/i);
    await fireEvent.input(field, { target: { value: ' /data/rec-1 ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(onopen).toHaveBeenCalledWith('/data/rec-1');
    await waitFor(() => expect(screen.queryByLabelText(/recording folder/i)).toBeNull());
  });

  it('browser: shows the host error and keeps the form open', async () => {
    const onopen = vi.fn(async () => {
      throw new Error('/data/nope: no such folder');
    });
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen, onlist } });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('alert').textContent).toContain('Enter the path');
    expect(onopen).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByLabelText(/recording folder/i), {
      target: { value: '/data/nope' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('/data/nope: no such folder'),
    );
    expect(screen.getByLabelText(/recording folder/i).getAttribute('aria-invalid')).toBe('true');
  });

  it('browser: lists the recent recordings newest first and opens the one clicked', async () => {
    const onopen = vi.fn(async () => ({}));
    const list = vi.fn(async () => RECENT);
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen, onlist: list } });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    const recent = await screen.findByRole('list', { name: 'Recent recordings' });
    const items = [...recent.querySelectorAll('button')];
    expect(items.map((b) => b.querySelector('.name')?.textContent)).toEqual([
      '2026-11-25_20-19-37',
      '2026-11-24_09-00-00',
    ]);
    expect(items[0]!.textContent).toContain('2.4 MB');
    await fireEvent.click(items[1]!);
    expect(onopen).toHaveBeenCalledWith('/rec/2026-11-24_09-00-00');
    await waitFor(() =>
      expect(screen.queryByRole('list', { name: 'Recent recordings' })).toBeNull(),
    );
  });

  it('browser: says there are none yet, and shows why a list failed', async () => {
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen: vi.fn(), onlist } });
    const toggle = screen.getByRole('button', { name: /Open recording/ });
    await fireEvent.click(toggle);
    expect(await screen.findByText(/None yet/)).toBeTruthy();
    cleanup();
    const failing = vi.fn(async () => {
      throw new Error('cannot read the recordings folder /rec: EACCES');
    });
    render(OpenRecording, {
      props: { host: 'web', onchoose: vi.fn(), onopen: vi.fn(), onlist: failing },
    });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    expect(await screen.findByText(/cannot read the recordings folder \/rec/)).toBeTruthy();
    // The typed path still works when the list cannot be read.
    expect(screen.getByLabelText(/recording folder/)).toBeTruthy();
  });
});

describe('OpenRecording, recordings of several sources', () => {
  it("names a set's sources beside it, and opens it by its folder", async () => {
    const set = { ...RECENT[0]!, sources: ['kraken', 'coinbase'] };
    const onopen = vi.fn(async () => ({}));
    const list = vi.fn(async () => [set, RECENT[1]!]);
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen, onlist: list } });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    const item = await screen.findByRole('button', { name: /kraken \+ coinbase/ });
    expect(item.textContent).toContain('2026-11-25_20-19-37');
    expect(screen.getAllByText(/\+/)).toHaveLength(1);
    await fireEvent.click(item);
    expect(onopen).toHaveBeenCalledWith(set.dir);
  });
});
