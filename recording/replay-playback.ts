/**
 * One client's replay: its own position, speed and subscriptions over a shared open
 * recording, changed by its requests (subscribe, unsubscribe, pause, resume, seek, speed) and
 * played by the pump it extends (./replay-pump.ts). The playback speaks hello, status,
 * heartbeat and replay state itself, like a live server.
 */
import type { WebSocket } from 'ws';
import { decodeClientMessage, requestIdOf } from '../protocol/decode';
import type { ClientMessage } from '../protocol/feed-requests';
import type { Recording } from './recording-reader';
import { ReplayChannel } from './replay-channel';
import { ReplayPump } from './replay-pump';
import { owesSnapshot, speedFailure, unknownInstrumentFailure } from './replay-requests';
import { seek } from './seek';

export class ReplayPlayback extends ReplayPump {
  protected readonly channel: ReplayChannel;

  constructor(ws: WebSocket, recording: Recording, speed: number, loop: boolean) {
    super(recording, speed, loop);
    this.channel = new ReplayChannel(
      ws,
      {
        request: (text) => this.onRequest(text),
        failed: (id, err) => this.fail(id, err),
        tick: () => {
          if (this.subs.active) this.sendState();
        },
        closed: () => this.stop(),
      },
      () => this.position,
    );
    this.hello();
  }

  stop(): void {
    this.channel.stop();
    this.gen++;
    this.pacer.wake();
  }

  private async onRequest(text: string): Promise<void> {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.channel.reply(requestIdOf(text), decoded.error);
    const req = decoded.value;
    if (req.op === 'replay') return this.onControl(req);
    if (req.op === 'unsubscribe') {
      this.subs.remove(req.instruments);
      return this.channel.reply(req.id);
    }
    const refused = unknownInstrumentFailure(this.recording.instruments, req.instruments);
    if (refused) return this.channel.reply(req.id, refused);
    // Before anything was played the recording's own snapshots follow for whatever is
    // subscribed; later, the ones the request is owed (./replay-requests.ts).
    const atStart = this.cursor.atStart;
    const before = this.subs.copy();
    this.subs.add(req.instruments);
    this.channel.reply(req.id);
    if (!atStart || req.snapshot) {
      const { fold } = await seek(this.recording, this.position);
      for (const snap of fold.snapshots())
        if (owesSnapshot(req, before, snap.instrument)) this.channel.send(snap);
    }
    this.sendState();
    this.restart();
  }

  private async onControl(req: Extract<ClientMessage, { op: 'replay' }>): Promise<void> {
    switch (req.action) {
      case 'pause':
        this.playing = false;
        break;
      case 'resume':
        if (this.position >= this.recording.end && !this.loop)
          await this.seekTo(this.recording.start);
        this.playing = true;
        this.until = req.to !== undefined && req.to > this.position ? req.to : null;
        break;
      case 'speed': {
        const refused = speedFailure(req.speed!);
        if (refused) return this.channel.reply(req.id, refused);
        this.speed = req.speed!;
        break;
      }
      case 'seek':
        this.channel.reply(req.id);
        await this.seekTo(req.to!);
        return this.restart();
    }
    this.channel.reply(req.id);
    this.sendState();
    this.restart();
  }
}
