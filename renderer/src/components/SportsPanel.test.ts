import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toMatchView } from '../state/match-view';
import { matchRow } from '../../../test-support/batches';
import SportsPanel from './SportsPanel.svelte';

vi.mock('../charts/register', () => ({ registerCharts: () => {} }));

afterEach(cleanup);

const fixture = (id: string) => ({
  id,
  kind: 'sports' as const,
  name: 'Harbor v North',
  home: 'Harbor',
  away: 'North',
  competition: 'Premier',
  startTime: Date.UTC(2026, 11, 2, 18, 30),
});
const view = (id: string) => toMatchView(matchRow(id), fixture(id), undefined);
const shownIds = () =>
  screen.getAllByRole('article').map((card) => card.getAttribute('data-testid'));

describe('SportsPanel', () => {
  it('with one source, shows its matches as they come, unlabelled', () => {
    render(SportsPanel, { props: { matches: [view('M1'), view('M2')], sources: ['sim'] } });
    expect(shownIds()).toEqual(['match-M1', 'match-M2']);
    expect(screen.queryByRole('group', { name: 'Sources of the matches' })).toBeNull();
    expect(screen.getByTestId('match-M1').querySelector('.comp')!.textContent).toBe('Premier');
  });

  it('counts its matches beside its heading, one match singular', () => {
    const { unmount } = render(SportsPanel, {
      props: { matches: [view('M1')], sources: ['sim'] },
    });
    expect(screen.getByText('1 match')).toBeTruthy();
    // Beside the heading, not in it: the heading names the panel only.
    expect(screen.getByRole('heading', { name: 'Sports' }).textContent).toBe('Sports');
    unmount();
    render(SportsPanel, { props: { matches: [view('M1'), view('M2')], sources: ['sim'] } });
    expect(screen.getByText('2 matches')).toBeTruthy();
  });

  it('counts only the sources that have matches: an exchange beside one simulator adds nothing', () => {
    render(SportsPanel, {
      props: { matches: [view('sim:M1'), view('sim:M2')], sources: ['sim', 'kraken'] },
    });
    expect(screen.queryByRole('group', { name: 'Sources of the matches' })).toBeNull();
    expect(screen.getByTestId('match-sim:M1').querySelector('.comp')!.textContent).toBe('Premier');
    cleanup();
    render(SportsPanel, {
      props: { matches: [view('sim:M1'), view('sim-2:M1')], sources: ['sim', 'kraken', 'sim-2'] },
    });
    const chips = within(
      screen.getByRole('group', { name: 'Sources of the matches' }),
    ).getAllByRole('button');
    expect(chips.map((c) => c.getAttribute('data-testid'))).toEqual([
      'sports-source-sim',
      'sports-source-sim-2',
    ]);
  });

  it('with a replay beside the live feed, groups the cards by source and names it on each', () => {
    // The same fixture twice: live, and recorded earlier. Arrival order mixes them.
    const matches = [view('replay:M1'), view('sim:M1'), view('replay:M2'), view('sim:M2')];
    render(SportsPanel, {
      props: {
        matches,
        sources: ['sim', 'replay'],
        replayed: (id: string) => id.startsWith('replay:'),
      },
    });
    expect(shownIds()).toEqual([
      'match-sim:M1',
      'match-sim:M2',
      'match-replay:M1',
      'match-replay:M2',
    ]);
    const live = screen.getByTestId('match-sim:M1');
    const replayed = screen.getByTestId('match-replay:M1');
    expect(live.querySelector('.comp')!.textContent).toBe('sim · Premier');
    expect(live.getAttribute('aria-label')).toMatch(/, Live$/);
    expect(replayed.querySelector('.comp')!.textContent).toBe('replay · Premier');
    expect(replayed.getAttribute('aria-label')).toMatch(/, In play$/);
  });

  it("hides a source's cards from its chip, and shows them again", async () => {
    const matches = [view('sim:M1'), view('replay:M1')];
    render(SportsPanel, { props: { matches, sources: ['sim', 'replay'] } });
    const chip = screen.getByTestId('sports-source-replay');
    expect(chip.textContent).toMatch(/replay\s*1/);
    await fireEvent.click(chip);
    expect(shownIds()).toEqual(['match-sim:M1']);
    expect(chip.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(screen.getByTestId('sports-source-sim'));
    expect(screen.queryAllByRole('article')).toEqual([]);
    expect(screen.getByText('Every source is hidden.')).toBeTruthy();
    await fireEvent.click(chip);
    expect(shownIds()).toEqual(['match-replay:M1']);
  });
});
