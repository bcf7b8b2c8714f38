/**
 * A feed client's frames taken in slices (./frame-slices.ts), so one large frame does not hold
 * the event loop: a frame its dialect can cut (`FeedConnection.pieces`) is decoded a piece a
 * turn, and every frame's messages are folded a slice a turn, the socket paused while frames
 * wait. The whole text is recorded once, in its first piece's turn. Apart from FeedClient,
 * which takes a frame whole when it is not given a slice.
 */
import type { RawData } from 'ws';
import type { FeedConnection } from './feed-protocol';
import { takeFrame, type FrameEffects, type FrameHandlers } from './frame-intake';
import { FrameSlices } from './frame-slices';

/** The socket whose reads the slices hold back while frames wait. */
export interface PausedReads {
  pause(): void;
  resume(): void;
}

export class SlicedIntake {
  private readonly slices: FrameSlices;
  /** The owner's handlers, with a frame's messages going through the slices. */
  private readonly sliced: FrameHandlers;

  constructor(
    private readonly handlers: FrameHandlers,
    reads: PausedReads,
    sliceTicks: number,
  ) {
    this.slices = new FrameSlices(
      {
        fold: (messages, receivedAt, continued) =>
          handlers.messages(messages, receivedAt, continued),
        pause: () => reads.pause(),
        resume: () => reads.resume(),
      },
      sliceTicks,
    );
    const slices = this.slices;
    this.sliced = {
      frame: (text, receivedAt) => handlers.frame(text, receivedAt),
      messages: (messages, receivedAt) => slices.messages(messages, receivedAt),
      lost: (lost, receivedAt) => handlers.lost(lost, receivedAt),
      malformed: (error) => handlers.malformed(error),
    };
  }

  /** A frame from the socket, taken in its turn (in pieces where its dialect cuts it). */
  take(
    session: FeedConnection,
    data: RawData,
    isBinary: boolean,
    receivedAt: number,
    effects: FrameEffects,
  ): void {
    const slices = this.slices;
    const text = isBinary ? null : data.toString();
    const pieces = text === null ? null : (session.pieces?.(text) ?? null);
    if (text === null || pieces === null)
      return slices.frame(() =>
        takeFrame(session, text ?? data, isBinary, receivedAt, this.sliced, effects),
      );
    slices.frames(
      pieces.map((piece, i) => () => {
        const handlers: FrameHandlers = {
          ...this.sliced,
          frame: () => {
            if (i === 0) this.handlers.frame(text, receivedAt);
          },
          messages: (messages, at) => slices.messages(messages, at, i > 0),
        };
        takeFrame(session, piece, false, receivedAt, handlers, effects);
      }),
    );
  }

  /** Folds everything the socket delivered, in order, before its end is told. */
  drain(): void {
    this.slices.drain();
  }

  /** Drops the frames still waiting: their socket was discarded. */
  dropWaiting(): void {
    this.slices.dropWaiting();
  }
}
