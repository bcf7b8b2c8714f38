/**
 * Browser mode: the messages between the dashboard page and the web host over one WebSocket.
 * They carry the same commands and batches as Electron IPC, so the renderer cannot tell the
 * hosts apart except by `TickdeckApi.host`.
 */
import type { Batch } from './batch';
import type { InterestMessage } from './interest';
import type { BatchAck, CommandChannel, HostEventChannel, HostEvents } from './ipc';

/** Query parameter carrying the per-run token, on both the page URL and the socket URL. */
export const WEB_TOKEN_PARAM = 'token';
/** Path of the browser-mode WebSocket. */
export const WEB_SOCKET_PATH = '/api';

/** Page -> host. */
export type WebClientMessage =
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly channel: CommandChannel;
      readonly args: readonly unknown[];
    }
  | BatchAck
  | InterestMessage;

/** Host -> page. */
export type WebHostMessage =
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly type: 'batch'; readonly batch: Batch }
  | {
      readonly type: 'event';
      readonly channel: HostEventChannel;
      readonly payload: HostEvents[HostEventChannel];
    };
