import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import OpenRecording from './OpenRecording.svelte';

afterEach(cleanup);

describe('OpenRecording', () => {
  it('desktop: shows the folder picker', async () => {
    const onchoose = vi.fn(async () => null);
    render(OpenRecording, { props: { host: 'desktop', onchoose, onopen: vi.fn() } });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    expect(onchoose).toHaveBeenCalledOnce();
  });

  it('browser: opens a typed folder path', async () => {
    const onopen = vi.fn(async () => ({}));
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen } });
    const toggle = screen.getByRole('button', { name: /Open recording/ });
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const field = screen.getByLabelText(/Recording folder/);
    await fireEvent.input(field, { target: { value: ' /data/rec-1 ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(onopen).toHaveBeenCalledWith('/data/rec-1');
    await waitFor(() => expect(screen.queryByLabelText(/Recording folder/)).toBeNull());
  });

  it('browser: shows the host error and keeps the form open', async () => {
    const onopen = vi.fn(async () => {
      throw new Error('/data/nope: no such folder');
    });
    render(OpenRecording, { props: { host: 'web', onchoose: vi.fn(), onopen } });
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('alert').textContent).toContain('Enter the path');
    expect(onopen).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByLabelText(/Recording folder/), {
      target: { value: '/data/nope' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('/data/nope: no such folder'),
    );
    expect(screen.getByLabelText(/Recording folder/).getAttribute('aria-invalid')).toBe('true');
  });
});
