import { describe, expect, it } from 'vitest';
import { marketRow } from '../../../test-support/batches';
import { rowLabel } from './row-label';
import { toRowView } from './row-view';

const row = toRowView(
  marketRow('ACME', 102.5),
  { id: 'ACME', kind: 'market', name: 'Acme Corp', tickSize: 0.01 },
  undefined,
);

describe('rowLabel (bug 184)', () => {
  it('says the instrument, its age or halt, then the shown figures in their order', () => {
    expect(rowLabel(row, ['spread', 'last'], 'halted 12 s', false)).toBe(
      'ACME, Acme Corp (halted 12 s): spread 0.02, last 102.50',
    );
    expect(rowLabel(row, ['last'], '41 s', true)).toBe(
      'ACME, Acme Corp (pinned) (data 41 s old): last 102.50',
    );
  });

  it('says the id once when it is the name, and nothing for the trend picture', () => {
    const bare = { ...row, name: 'ACME' };
    expect(rowLabel(bare, ['trend'], '', false)).toBe('ACME');
  });
});
