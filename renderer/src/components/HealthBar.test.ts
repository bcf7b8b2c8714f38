import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplayPlay, SourceHealth } from '../../../protocol/health';
import { health, sourceHealth } from '../../../test-support/batches';
import { REPLAY_START, replayStatus } from '../../../test-support/replay-status';
import HealthBar from './HealthBar.svelte';

afterEach(cleanup);

/** What a `--feed` replay server says of its recording (`Health.replaying`). */
function served(over: Partial<ReplayPlay> = {}): ReplayPlay {
  const { path: _path, rangeFrom: _from, rangeTo: _to, ...info } = replayStatus();
  return { ...info, ...over };
}

describe('HealthBar', () => {
  it('speaks to users first: a badge, the last update, the feed delay; the rest behind Details', async () => {
    const h = health({ lastDataAt: 9_880, latencyP50Ms: 3 });
    render(HealthBar, {
      props: { health: h, fps: 60, pixelLatency: { p50: 21, p99: 40 }, now: 10_000 },
    });
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.state).toBe('live');
    expect(status.dataset.badge).toBe('live');
    expect(status.textContent).toContain('Live');
    expect(status.getAttribute('role')).toBe('status');
    expect(screen.getByTestId('tick-rate').textContent).toBe('1500');
    const bar = screen.getByLabelText('Feed health');
    expect(bar.textContent).toContain('Simulator');
    expect(screen.getByTestId('last-update').textContent).toMatch(/last update\s*120 ms ago/);
    expect(bar.textContent).toMatch(/feed delay\s*3 ms/);
    expect(bar.textContent).not.toMatch(/gaps|conflated|batch\/s|fps/);

    await fireEvent.click(screen.getByRole('button', { name: /Details/ }));
    const text = bar.textContent!;
    expect(text).toMatch(/batch\/s\s*30/);
    expect(text).toContain('3/12 ms');
    expect(text).toMatch(/tick→pixel p50\/p99\s*21\/40 ms/);
    expect(text).toMatch(/gaps\s*2/);
    expect(text).toMatch(/conflated\s*7/);
    expect(text).toMatch(/fps\s*60/);
    // Every engineering figure says what it measures.
    for (const k of bar.querySelectorAll('.k')) expect(k.parentElement!.title).not.toBe('');
  });

  it('says how old the stored states shown are while no update came, not "—"', () => {
    const connection = { state: 'stalled', silentMs: 3_000 } as const;
    const h = health({ connection, lastDataAt: null, storedDataAt: 10_000 });
    render(HealthBar, { props: { health: h, fps: 60, now: 190_000 } });
    expect(screen.getByTestId('last-update').textContent).toMatch(
      /last update\s*stored data 3 min old/,
    );
  });

  it("says a source's clock ahead, with what it means (bug 258)", () => {
    render(HealthBar, {
      props: { health: health({ clockAheadMs: 600_000 }), fps: 60, now: 0 },
    });
    const clock = screen.getByTestId('clock-ahead');
    expect(clock.textContent).toBe('source clock 10 min ahead');
    expect(clock.title).toMatch(/times on charts, the trade tape and kick-offs read that far in/);
    cleanup();
    const sources = [sourceHealth('kraken', { clockAheadMs: 90_000 }), sourceHealth('sim')];
    render(HealthBar, {
      props: { health: health({ clockAheadMs: 90_000, sources }), fps: 60, now: 0 },
    });
    expect(screen.getByTestId('clock-ahead').textContent).toBe('kraken clock 1 min ahead');
    cleanup();
    render(HealthBar, { props: { health: health(), fps: 60, now: 0 } });
    expect(screen.queryByTestId('clock-ahead')).toBeNull();
  });

  it('badges a late feed as delayed', () => {
    render(HealthBar, { props: { health: health({ latencyP50Ms: 3_500 }), fps: 60, now: 0 } });
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.badge).toBe('delayed');
    expect(status.textContent).toMatch(/Delayed\s*data 3.5 s behind the source/);
  });

  it('shows book checksum mismatches as their own figure under Details, once there are any', async () => {
    render(HealthBar, { props: { health: health({ gaps: 0 }), fps: 60, now: 0 } });
    await fireEvent.click(screen.getByRole('button', { name: /Details/ }));
    expect(screen.queryByTestId('checksum-mismatches')).toBeNull();
    cleanup();
    render(HealthBar, {
      props: { health: health({ gaps: 0, checksumMismatches: 3 }), fps: 60, now: 0 },
    });
    await fireEvent.click(screen.getByRole('button', { name: /Details/ }));
    expect(screen.getByTestId('checksum-mismatches').textContent).toBe('3');
    expect(screen.getByLabelText('Feed health').textContent).toMatch(/gaps\s*0/);
  });

  it('shows snapshots refused as late as their own figure under Details, once there are any', async () => {
    render(HealthBar, { props: { health: health(), fps: 60, now: 0 } });
    await fireEvent.click(screen.getByRole('button', { name: /Details/ }));
    expect(screen.queryByTestId('late-snapshots')).toBeNull();
    cleanup();
    render(HealthBar, { props: { health: health({ lateSnapshots: 4 }), fps: 60, now: 0 } });
    await fireEvent.click(screen.getByRole('button', { name: /Details/ }));
    expect(screen.getByTestId('late-snapshots').textContent).toBe('4');
    expect(screen.getByTestId('late-snapshots').parentElement!.textContent).toMatch(
      /late snapshots\s*4/,
    );
  });

  it('counts down to the next reconnect attempt and gives the reason', () => {
    const h = health({
      connection: {
        state: 'reconnecting',
        attempt: 3,
        nextRetryAt: 10_000,
        reason: 'connection refused',
      },
    });
    const { rerender } = render(HealthBar, { props: { health: h, fps: 60, now: 7_200 } });
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.state).toBe('reconnecting');
    expect(status.dataset.badge).toBe('down');
    expect(status.textContent).toContain('Down');
    expect(status.textContent).toContain('reconnecting in 3 s');
    expect(status.textContent).toContain('attempt 3');
    expect(status.textContent).toContain('connection refused');
    void rerender({ health: h, fps: 60, now: 9_500 });
    return Promise.resolve().then(() => expect(status.textContent).toContain('in 1 s'));
  });

  it('shows stalled and failed with their details', async () => {
    const { rerender } = render(HealthBar, {
      props: {
        health: health({ connection: { state: 'stalled', silentMs: 4200 } }),
        fps: 60,
        now: 0,
      },
    });
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.badge).toBe('stale');
    expect(status.textContent).toMatch(/Stale\s*no data for 4.2 s/);
    await rerender({
      health: health({ connection: { state: 'failed', reason: 'bad URL' } }),
      fps: 60,
      now: 0,
    });
    expect(status.dataset.badge).toBe('down');
    expect(status.textContent).toMatch(/Down\s*failed · bad URL/);
  });

  // bug 235: a NATS desk whose relay died read "Stale no data for 3.0 s", as if the gateway on
  // 127.0.0.1 were the feed (fails before: the link is not named).
  it('names the link of a NATS desk that brings no data, on the badge and a source’s chip', () => {
    const since = new Date(2026, 11, 7, 18, 40, 12).getTime();
    const nats = {
      kind: 'url',
      label: 'NATS 127.0.0.1:4222 · sim',
      linkDown: { link: 'relay', since, reason: null },
    } as const;
    render(HealthBar, {
      props: {
        health: health({
          connection: { state: 'stalled', silentMs: 3_000 },
          source: nats,
          sources: [
            sourceHealth('sim', {
              connection: { state: 'stalled', silentMs: 3_000 },
              source: nats,
            }),
            sourceHealth('kraken'),
          ],
        }),
        fps: 60,
        now: since + 5_000,
      },
    });
    expect(screen.getByTestId('connection-status').textContent).toContain(
      'the relay is silent (last heard 18:40:12)',
    );
    expect(screen.getByTestId('health-source-sim').title).toContain(
      'Stale · the relay is silent (last heard 18:40:12)',
    );
  });

  it('shows recording time and size, and the replay position', () => {
    render(HealthBar, {
      props: {
        health: health({
          source: { kind: 'replay', label: 'session-1' },
          recording: { active: true, dir: '/r', startedAt: 0, bytes: 3 * 1024 * 1024, messages: 9 },
          replay: {
            path: '/r',
            start: 0,
            end: 1,
            position: new Date(2026, 0, 1, 12, 3, 4).getTime(),
            playing: true,
            speed: 2,
            loop: false,
            rangeFrom: 0,
            rangeTo: 1,
          },
        }),
        fps: 60,
        now: 83_000,
      },
    });
    const bar = screen.getByLabelText('Feed health').textContent!;
    expect(bar).toContain('REC');
    expect(bar).toContain('1:23');
    expect(bar).toContain('3.0 MB');
    expect(screen.getByTestId('connection-status').textContent).toMatch(/Replay\s*playing/);
    expect(screen.getByTestId('replay-status').textContent).toContain('12:03:04');
    expect(bar).toContain('2×');
    expect(bar).toContain('Replay: session-1');
  });

  it("shows the page's replay playhead, as the replay bar does (bug 194)", () => {
    // The replay bar moves its playhead on between the host's reports; this bar showed the
    // last report, so the two read "0:01 / 0:04" and "0:00 / 0:04" at once.
    const start = new Date(2026, 0, 1, 12, 0, 0).getTime();
    const replay = {
      path: '/r',
      start,
      end: start + 4_000,
      position: start + 980,
      playing: true,
      speed: 1,
      loop: false,
      rangeFrom: start,
      rangeTo: start + 4_000,
    };
    render(HealthBar, {
      props: {
        health: health({ source: { kind: 'replay', label: 'r' }, replay }),
        fps: 60,
        now: 0,
        replayPosition: start + 1_020,
      },
    });
    expect(screen.getByTestId('replay-status').textContent).toMatch(/12:00:01\.0 · 0:01 \/ 0:04/);
  });

  it('counts in the REC chip the frames a joining source lost, and explains them in its title', async () => {
    const recording = {
      active: true,
      dir: '/r',
      startedAt: 0,
      bytes: 4.2 * 1024 * 1024,
      messages: 9,
    };
    const props = (framesLost?: number) => ({
      health: health({
        recording: framesLost === undefined ? recording : { ...recording, framesLost },
      }),
      fps: 60,
      now: 83_000,
    });
    const { rerender } = render(HealthBar, { props: props() });
    const chip = screen.getByTestId('recording-status');
    const text = () => chip.textContent!.replace(/\s+/g, ' ').trim();
    // The normal case: nothing lost, nothing said.
    expect(text()).toBe('● REC 1:23 · 4.2 MB');
    expect(chip.title).not.toContain('lost');

    await rerender(props(12));
    expect(text()).toBe('● REC 1:23 · 4.2 MB · 12 frames lost');
    expect(chip.title).toMatch(/12 frames and markers of a source that joined .* were lost/);
    await rerender(props(1));
    expect(text()).toBe('● REC 1:23 · 4.2 MB · 1 frame lost');
  });

  it('names an instrument whose data stopped, for how long, and a pair the venue halted', () => {
    const notices = [
      { instrument: 'ETH/USD', kind: 'silent', halted: false, since: 10_000, usualMs: 2_000 },
      { instrument: 'BTC/USD', kind: 'status', status: 'maintenance', halted: true, since: 0 },
      { instrument: 'SOL/USD', kind: 'status', status: 'limit_only', halted: false, since: 0 },
    ] as const;
    render(HealthBar, { props: { health: health({ notices }), fps: 60, now: 85_000 } });
    const shown = screen.getByTestId('instrument-notices');
    expect(shown.textContent).toBe(
      '❚❚ ETH/USD: no data for 1 min (usually every 2 s) · BTC/USD halted for maintenance · 1 more',
    );
    expect(shown.title.split('\n')).toEqual([
      'ETH/USD: no data for 1 min (usually every 2 s)',
      'BTC/USD halted for maintenance',
      'SOL/USD limit orders only',
    ]);
  });

  it('names no instrument while none is silent or halted', () => {
    render(HealthBar, { props: { health: health(), fps: 60, now: 0 } });
    expect(screen.queryByTestId('instrument-notices')).toBeNull();
  });

  it('says it is waiting before the first batch', () => {
    render(HealthBar, { props: { health: null, fps: null, now: 0 } });
    expect(screen.getByTestId('connection-status').textContent).toContain('Waiting for host');
  });
});

describe('HealthBar with several sources', () => {
  /** A busy live source (40 ticks/s, data 10 ms old at 10,000), unless told. */
  const source = (name: string, over: Partial<SourceHealth> = {}): SourceHealth =>
    sourceHealth(name, {
      ticksPerSec: 40,
      ticksTotal: 400,
      lastTickAgeMs: 10,
      lastDataAt: 9_990,
      ...over,
    });

  it("names a source's late snapshots in its chip, and not while it has none", () => {
    render(HealthBar, {
      props: {
        health: health({ sources: [source('kraken', { lateSnapshots: 2 }), source('coinbase')] }),
        fps: 60,
        now: 10_000,
      },
    });
    expect(screen.getByTestId('health-source-kraken').title).toMatch(/0 gaps · 2 late snapshots ·/);
    expect(screen.getByTestId('health-source-coinbase').title).not.toMatch(/late/);
  });

  it('shows a chip per source with its own state, and the worst in the main badge', () => {
    const down = {
      state: 'reconnecting',
      attempt: 2,
      nextRetryAt: 12_000,
      reason: 'connection refused',
    } as const;
    render(HealthBar, {
      props: {
        health: health({
          connection: down,
          sources: [source('kraken'), source('coinbase', { connection: down, ticksPerSec: 0 })],
        }),
        fps: 60,
        now: 10_000,
      },
    });
    expect(screen.getByTestId('connection-status').dataset.state).toBe('reconnecting');
    const kraken = screen.getByTestId('health-source-kraken');
    expect(kraken.dataset.state).toBe('live');
    expect(kraken.textContent).toMatch(/kraken\s*40\/s/);
    const coinbase = screen.getByTestId('health-source-coinbase');
    expect(coinbase.dataset.state).toBe('reconnecting');
    expect(coinbase.dataset.badge).toBe('down');
    expect(coinbase.title).toMatch(/connection refused|reconnecting/i);
    // The main badge says whose state it is summarising: kraken's rows are live.
    expect(screen.getByTestId('connection-status').textContent).toMatch(
      /Down\s*coinbase reconnecting in 2 s/,
    );
  });

  it('beside a live source, a replay has its REPLAY chip and the main badge stays LIVE', () => {
    render(HealthBar, {
      props: {
        health: health({
          sources: [
            source('sim'),
            source('replay', { source: { kind: 'replay', label: 'morning' } }),
          ],
          replay: {
            path: '/r/morning',
            start: 0,
            end: 1,
            position: 0,
            playing: false,
            speed: 1,
            loop: false,
            rangeFrom: 0,
            rangeTo: 1,
          },
        }),
        fps: 60,
        now: 10_000,
      },
    });
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.badge).toBe('live');
    expect(status.textContent?.trim()).toMatch(/^●\s*Live$/); // no source named: none is down
    const chip = screen.getByTestId('health-source-replay');
    expect(chip.dataset.badge).toBe('replay');
    expect(chip.title).toMatch(/Replay · paused/);
    expect(screen.getByTestId('health-source-sim').dataset.badge).toBe('live');
  });

  it('says REPLAY, not LIVE, for a feed whose server replays a recording (a `--feed` replay server)', () => {
    render(HealthBar, {
      props: {
        health: health({
          source: { kind: 'replay', label: 'ws://127.0.0.1:8081' },
          replaying: served({ playing: false, position: 5_000 }),
        }),
        fps: 60,
        now: 10_000,
      },
    });
    const status = screen.getByTestId('connection-status');
    expect(status.dataset.badge).toBe('replay');
    expect(status.textContent).toMatch(/Replay\s*paused/);
  });

  it('gives a source whose server replays a recording a REPLAY chip of its own play state', () => {
    render(HealthBar, {
      props: {
        health: health({
          sources: [
            source('sim'),
            source('rec', {
              source: { kind: 'replay', label: 'ws://127.0.0.1:8081' },
              replaying: served({ playing: true, position: 5_000 }),
            }),
          ],
        }),
        fps: 60,
        now: 10_000,
      },
    });
    const chip = screen.getByTestId('health-source-rec');
    expect(chip.dataset.badge).toBe('replay');
    expect(chip.title).toMatch(/Replay · playing/);
    // bug 203: in words on the chip, not by its ▶ alone ("▶ 127-0-0-1-35673" read as playing).
    expect(chip.textContent?.replace(/\s+/g, ' ').trim()).toMatch(/^▶ replay rec /);
    expect(screen.getByTestId('health-source-sim').dataset.badge).toBe('live');
  });

  it('shows no chips with one source', () => {
    render(HealthBar, { props: { health: health(), fps: 60, now: 0 } });
    expect(screen.queryByTestId(/^health-source-/)).toBeNull();
  });

  it('says a paused replay is paused, at its position, where its chip counted its age up (bug 230)', () => {
    const sim = sourceHealth('sim', { lastDataAt: 9_990 });
    const paused = served({ playing: false, position: REPLAY_START + 65_000 });
    const rec = sourceHealth('rec', {
      source: { kind: 'replay', label: 'ws://127.0.0.1:8081' },
      replaying: paused,
      lastDataAt: 10_000,
    });
    const props = { health: health({ sources: [sim, rec] }), fps: 60, now: 12_000 };
    const { rerender } = render(HealthBar, { props });
    const chip = () => screen.getByTestId('health-source-rec');
    const text = () => chip().textContent!.replace(/\s+/g, ' ').trim();
    // Before: "❚❚ replay rec 0/s 2 s", then "3 s", "4 s"…
    expect(text()).toBe('❚❚ replay rec paused at 14:01:05.0');
    expect(chip().title).toMatch(/paused at 14:01:05\.0/);
    expect(chip().title).not.toMatch(/data \d+ s old/);
    void rerender({ ...props, now: 40_000 });
    expect(text()).toBe('❚❚ replay rec paused at 14:01:05.0');
    // Playing, it shows its rate and age as any source's.
    cleanup();
    const playing = sourceHealth('rec', { ...rec, replaying: served(), ticksPerSec: 12 });
    render(HealthBar, { props: { ...props, health: health({ sources: [sim, playing] }) } });
    expect(text()).toBe('▶ replay rec 12/s 2 s');
  });

  it('says paused in the last update of a replay alone, not an age that grows (bug 230)', () => {
    const replay = replayStatus({ playing: false });
    const h = health({ source: { kind: 'replay', label: 'r' }, replay, lastDataAt: 10_000 });
    render(HealthBar, { props: { health: h, fps: 60, now: 70_000 } });
    expect(screen.getByTestId('last-update').textContent).toMatch(/last update\s*paused$/);
  });

  it("shows a `--feed` replay server's position, progress and speed, as for one opened here (bug 232)", () => {
    const replaying = served({ position: REPLAY_START + 65_000, speed: 5 });
    const h = health({ source: { kind: 'replay', label: 'ws://127.0.0.1:8090' }, replaying });
    render(HealthBar, {
      props: { health: h, fps: 60, now: 0, replayPosition: REPLAY_START + 66_000 },
    });
    const status = screen.getByTestId('replay-status');
    expect(status.textContent!.trim()).toMatch(/^14:01:06\.0 · 1:06 \/ 3:00 · 5×$/);
    expect(status.title).toMatch(/^Replayed by its server, ws:\/\/127\.0\.0\.1:8090: position/);
  });

  it('says a replay stopped at its end has ended, not that it was paused (bug 234)', () => {
    const ended = replayStatus({ playing: false, position: REPLAY_START + 180_000 });
    const sim = sourceHealth('sim', { lastDataAt: 9_990 });
    const rec = sourceHealth('replay', {
      source: { kind: 'replay', label: 'session-1' },
      replaying: served({ playing: false, position: ended.position }),
    });
    render(HealthBar, {
      props: { health: health({ sources: [sim, rec], replay: ended }), fps: 60, now: 12_000 },
    });
    const chip = screen.getByTestId('health-source-replay');
    expect(chip.textContent!.replace(/\s+/g, ' ').trim()).toBe('❚❚ replay ended at 14:03:00.0');
    cleanup();
    const alone = health({ source: { kind: 'replay', label: 'r' }, replay: ended });
    render(HealthBar, { props: { health: alone, fps: 60, now: 70_000 } });
    expect(screen.getByTestId('last-update').textContent).toMatch(/last update\s*ended$/);
    expect(screen.getByTestId('connection-status').textContent).toMatch(/Replay\s*ended/);
  });
});
