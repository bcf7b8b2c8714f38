/**
 * Who hears the engine's sources as it happens: recordings (every recordable source's raw
 * frames, with its name, and its connection events) and the replay controller (the replay's
 * frames). Alerts are heard apart, by the alert evaluator.
 */
import type { ConnectionEvent, RawFrameListener } from './engine-api';

export class EngineListeners {
  private readonly frames = new Set<RawFrameListener>();
  private readonly replayFrames = new Set<(text: string, receivedAt: number) => void>();
  private readonly events = new Set<(event: ConnectionEvent) => void>();

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

  frame(text: string, receivedAt: number, source: string): void {
    for (const listener of this.frames) listener(text, receivedAt, source);
  }

  replayFrame(text: string, receivedAt: number): void {
    for (const listener of this.replayFrames) listener(text, receivedAt);
  }

  event(event: ConnectionEvent): void {
    for (const listener of this.events) listener(event);
  }

  clear(): void {
    this.frames.clear();
    this.replayFrames.clear();
    this.events.clear();
  }
}
