import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings, type TickdeckApi } from '../../../protocol/ipc';
import type { WorkspacesView } from '../../../protocol/workspace';
import { WorkspacesState } from '../state/workspaces.svelte';
import WorkspaceMenu from './WorkspaceMenu.svelte';

afterEach(cleanup);

/** A host with two saved workspaces whose answers the test reads back. */
function fakeHost(host: 'web' | 'desktop' = 'web') {
  let view: WorkspacesView = { names: ['Desk', 'Night'], current: 'Desk' };
  const switched: Settings = { ...DEFAULT_SETTINGS, chartGrid: 6 };
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => {
    switch (channel) {
      case 'workspace:list':
        return view;
      case 'workspace:switch':
        view = { ...view, current: args[0] as string };
        return { settings: switched, workspaces: view };
      case 'workspace:delete':
        view = { names: view.names.filter((n) => n !== args[0]), current: null };
        return view;
      case 'workspace:rename':
        throw new Error(`a workspace named "${String(args[1])}" already exists`);
      case 'workspace:import':
        view = { ...view, names: [...view.names, 'Copy'] };
        return {
          name: 'Copy',
          problems: ['Copy: chartGrid: expected one of 1, 2, 4, 6'],
          workspaces: view,
        };
      default:
        throw new Error(`unexpected ${channel}`);
    }
  });
  const api = { host, invoke } as unknown as TickdeckApi;
  return { api, invoke, switched };
}

async function openMenu(api: TickdeckApi, apply = vi.fn()) {
  const workspaces = new WorkspacesState(api, apply);
  await workspaces.load();
  render(WorkspaceMenu, { props: { workspaces } });
  await fireEvent.click(screen.getByRole('button', { name: /Workspace/ }));
  return { workspaces, apply };
}

describe('WorkspaceMenu', () => {
  it('shows the current workspace and switches to another, applying its settings', async () => {
    const { api, switched } = fakeHost();
    const { apply } = await openMenu(api);
    expect(screen.getByTestId('workspace-current').textContent).toBe('Desk');
    await fireEvent.click(screen.getByTestId('workspace-Night'));
    await waitFor(() => expect(screen.getByTestId('workspace-current').textContent).toBe('Night'));
    expect(apply).toHaveBeenCalledWith(switched);
  });

  it('puts focus in the question it asks, and back on the button that asked when it closes', async () => {
    const { api } = fakeHost();
    await openMenu(api);
    const saveAs = screen.getByRole('button', { name: 'Save as…' });
    await fireEvent.click(saveAs);
    // Typing goes to the name: it went to the button, and Enter asked again.
    expect(document.activeElement).toBe(screen.getByTestId('workspace-name'));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('workspace-name')).toBeNull();
    expect(document.activeElement).toBe(saveAs);
    // A confirmation takes focus on its Cancel: a second Enter does not delete.
    const remove = screen.getByRole('button', { name: 'Delete…' });
    await fireEvent.click(remove);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.click(cancel);
    expect(document.activeElement).toBe(remove);
  });

  it('deletes only after the confirmation', async () => {
    const { api, invoke } = fakeHost();
    await openMenu(api);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    expect(invoke).not.toHaveBeenCalledWith('workspace:delete', 'Desk');
    expect(screen.getByRole('alert').textContent).toMatch(/Delete the workspace "Desk"\?/);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByTestId('workspace-Desk')).toBeNull());
    expect(invoke).toHaveBeenCalledWith('workspace:delete', 'Desk');
  });

  it('checks a new name as it is typed and shows what the host refused', async () => {
    const { api, invoke } = fakeHost();
    await openMenu(api);
    await fireEvent.click(screen.getByRole('button', { name: 'Rename…' }));
    const field = screen.getByTestId('workspace-name');
    await fireEvent.input(field, { target: { value: 'a/b' } });
    expect(screen.getByRole('button', { name: 'OK' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/use letters, digits/)).toBeTruthy();
    await fireEvent.input(field, { target: { value: 'Night' } });
    await fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'a workspace named "Night" already exists',
      ),
    );
    expect(invoke).toHaveBeenCalledWith('workspace:rename', 'Desk', 'Night');
    // The form stays open so the name can be corrected.
    expect(screen.getByTestId('workspace-name')).toBeTruthy();
  });

  it('browser: imports an uploaded file and says which fields fell back', async () => {
    const { api, invoke } = fakeHost();
    await openMenu(api);
    const text = '{"tickdeck":"workspace"}';
    // jsdom's File has no text(); a browser's does.
    const file = Object.assign(new File([text], 'copy.json'), { text: async () => text });
    await fireEvent.change(screen.getByTestId('workspace-import-file'), {
      target: { files: [file] },
    });
    await waitFor(() => expect(screen.getByTestId('workspace-Copy')).toBeTruthy());
    expect(invoke).toHaveBeenCalledWith('workspace:import', '{"tickdeck":"workspace"}');
    expect(screen.getByRole('status').textContent).toMatch(/Imported "Copy"; .*chartGrid/);
  });
});
