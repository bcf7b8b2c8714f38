/**
 * Who hears the engine's sources as it happens: recordings (every recordable source's raw
 * frames, with its name, and its connection events), the replay controller (the replay's
 * frames) and the host's alerts (the rules whose state changed). Fired alerts are heard apart,
 * from the alert evaluator.
 */
import type { AlertRuleState } from '../../protocol/alerts';
import type { AlertStatesListener, ConnectionEvent, RawFrameListener } from './engine-api';

export class EngineListeners {
  private readonly frames = new Set<RawFrameListener>();
  private readonly replayFrames = new Set<(text: string, receivedAt: number) => void>();
  private readonly events = new Set<(event: ConnectionEvent) => void>();
  private readonly states = new Set<AlertStatesListener>();

  onRawFrame(listener: RawFrameListener): () => void {
    this.frames.add(listener);
    return () => this.frames.delete(listener);
  }

  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void {
    this.replayFrames.add(listener);
    return () => this.replayFrames.delete(listener);
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }

  onAlertStates(listener: AlertStatesListener): () => void {
    this.states.add(listener);
    return () => this.states.delete(listener);
  }

  frame(text: string, receivedAt: number, source: string): void {
    for (const listener of this.frames) listener(text, receivedAt, source);
  }

  replayFrame(text: string, receivedAt: number): void {
    for (const listener of this.replayFrames) listener(text, receivedAt);
  }

  event(event: ConnectionEvent): void {
    for (const listener of this.events) listener(event);
  }

  alertStates(states: Readonly<Record<string, AlertRuleState>>): void {
    for (const listener of this.states) listener(states);
  }

  clear(): void {
    this.frames.clear();
    this.replayFrames.clear();
    this.events.clear();
    this.states.clear();
  }
}
