/** The messages between a load run and its clients (soak/load-clients.ts), in one process or two. */
import type { FastClientResult, SlowClientResult } from './load-report';

/** What the load's process tells the clients' process. */
export type ToClients =
  | {
      readonly type: 'connect';
      readonly url: string;
      readonly clients: number;
      readonly slowClients: number;
    }
  /** Fast clients count ticks only while measuring. */
  | { readonly type: 'measure'; readonly on: boolean }
  /** Clients the server still counts (it stops counting one it is closing). */
  | { readonly type: 'serverClients'; readonly count: number }
  /** Wait for the slow clients' ends, then report and close every socket. */
  | { readonly type: 'finish' };

/** What the clients' process answers. */
export type FromClients =
  | { readonly type: 'connected'; readonly connectMs: number }
  | {
      readonly type: 'report';
      readonly fast: readonly FastClientResult[];
      readonly slow: readonly SlowClientResult[];
    }
  | { readonly type: 'failed'; readonly message: string };
