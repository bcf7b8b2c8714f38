/**
 * Main's own dialogs that the host and the menu ask for: the question before the page connects
 * to an address the user has not chosen yet, and the folder picker a recording is opened from.
 * The page can neither draw nor answer them (docs/SECURITY.md). Each opens over the main window
 * when there is one.
 */
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import { dialog } from 'electron';
import { addressHosts } from '../host/feed-endpoints';
import type { AppHost } from '../host/host';
import type { CommandReply } from './ipc';

/** The question asked before the page connects to an address the user has not chosen yet. */
function endpointQuestion(url: string): MessageBoxOptions {
  // The host on its own line: a URL like ws://bank.example@evil.example/ reads as the first.
  const host = addressHosts(url);
  return {
    type: 'question',
    title: 'Tickdeck',
    message: `Connect to ${host}?`,
    detail: `The dashboard asks to connect to the feed at\n${url}\n\nConnect only if you entered this address yourself.`,
    buttons: ['Cancel', 'Connect'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

/** The host's `confirmEndpoint`: true when the user answers Connect. */
export function confirmEndpoint(
  win: () => BrowserWindow | null,
): (url: string) => Promise<boolean> {
  return async (url) => {
    const options = endpointQuestion(url);
    const parent = win();
    const { response } = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options);
    return response === 1;
  };
}

/** `replay:choose`: a folder picker, then the recording chosen opened for replay; null when cancelled. */
export function replayChooser(
  host: AppHost,
  win: () => BrowserWindow | null,
): () => Promise<CommandReply<unknown>> {
  return async () => {
    const options = { title: 'Open recording', properties: ['openDirectory' as const] };
    const parent = win();
    const choice = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    const path = choice.filePaths[0];
    return choice.canceled || !path
      ? { ok: true, value: null }
      : host.invoke('replay:open', [path]);
  };
}
