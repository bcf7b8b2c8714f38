/**
 * The alert sound: a short tone the page plays when an alert fires, if the user turned sound
 * on (the `alertSound` setting, off by default). Generated with Web Audio, so there is no file
 * to ship and nothing to fetch. A replayed alert is the past and stays silent, as it raises no
 * notification; a burst of alerts sounds once, since ten beeps in a second say no more than one.
 */
import type { AlertEvent } from '../../../protocol/alerts';

/** A burst: alerts within this long of the last tone played are silent, ms. */
export const MIN_TONE_GAP_MS = 1_000;
/** The tone: an A5, long enough to hear, short enough not to annoy. */
const TONE_HZ = 880;
const TONE_S = 0.18;
const TONE_GAIN = 0.2;

/** Whether an alert sounds: sound on, a live alert, and no tone played within the gap. */
export function shouldSound(
  event: AlertEvent,
  on: boolean,
  lastToneAt: number | null,
  now: number,
): boolean {
  if (!on || event.replayPosition !== null) return false;
  return lastToneAt === null || now - lastToneAt >= MIN_TONE_GAP_MS;
}

/** Plays the tone; `prime` readies audio during a user gesture (browsers hold it until one). */
export interface TonePlayer {
  play(): void;
  prime(): void;
}

export class AlertSound {
  /** The `alertSound` setting, kept in step by the app. */
  on = false;
  #lastToneAt: number | null = null;

  constructor(
    private readonly player: TonePlayer,
    private readonly now: () => number = Date.now,
  ) {}

  /** An alert fired: plays the tone if {@link shouldSound} says so. True when it played. */
  heard(event: AlertEvent): boolean {
    const now = this.now();
    if (!shouldSound(event, this.on, this.#lastToneAt, now)) return false;
    this.#lastToneAt = now;
    this.player.play();
    return true;
  }

  /** The user turned sound on: ready the audio now, inside their click. */
  prime(): void {
    this.player.prime();
  }
}

/** A Web Audio tone player; silent where the page has no Web Audio. */
export function webAudioTone(): TonePlayer {
  let context: AudioContext | null = null;
  const ready = (): AudioContext | null => {
    if (typeof AudioContext !== 'function') return null;
    context ??= new AudioContext();
    // Suspended until the page has had a user gesture (autoplay policy); resuming is then allowed.
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    return context;
  };
  return {
    prime: () => void ready(),
    play() {
      const ctx = ready();
      if (!ctx) return;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = TONE_HZ;
      const t = ctx.currentTime;
      // A quick rise and an exponential fall: no click at either end.
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(TONE_GAIN, t + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + TONE_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + TONE_S);
    },
  };
}
