/**
 * Who hears the host's events: every page and window that listens. A notice raised before the
 * first listener (a settings file that could not be read, a replay that would not open at
 * start) waits for it; any other event is only of the moment, so it goes to whoever listens.
 */
import type { HostEventChannel, HostEvents, Notice } from '../../protocol/ipc';

export type HostEventListener = (
  channel: HostEventChannel,
  payload: HostEvents[HostEventChannel],
) => void;

export class HostListeners {
  private readonly listeners = new Set<HostEventListener>();
  private readonly undelivered: Notice[] = [];

  /** Notices raised before the first listener are delivered to it. */
  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    for (const notice of this.undelivered.splice(0)) listener('app:notice', notice);
    return () => this.listeners.delete(listener);
  }

  /** A host event other than a notice; dropped when no page or window listens. */
  emit<E extends HostEventChannel>(channel: E, payload: HostEvents[E]): void {
    for (const listener of this.listeners) listener(channel, payload);
  }

  notify(notice: Notice): void {
    if (this.listeners.size === 0) this.undelivered.push(notice);
    for (const listener of this.listeners) listener('app:notice', notice);
  }
}
