import type { QueryConfig } from '../../../app/export/types';
import { attachProblems, fromDraft, isDirty, moveRow, problemsByField, putRow, removeRow, toDraft } from '../../../ui/stores/config-draft';

const query = (tql: string): QueryConfig => ({ owners: ['A'], indicatorTypes: ['Host'], tql, sortField: 'dateAdded', sortDirection: 'asc' });
const tqls = (rows: ReturnType<typeof toDraft>) => fromDraft(rows).map((q) => q.tql);

describe('the CONFIGURE draft', () => {
  const saved = [query('a'), query('b'), query('c')];

  it.each([
    ['first down', 0, 1, ['b', 'a', 'c']],
    ['last up', 2, -1, ['a', 'c', 'b']],
    ['first up (no change)', 0, -1, ['a', 'b', 'c']],
    ['last down (no change)', 2, 1, ['a', 'b', 'c']],
    ['out of range (no change)', 7, -1, ['a', 'b', 'c']],
  ])('moves %s', (_name, index, delta, expected) => {
    expect(tqls(moveRow(toDraft(saved), index, delta))).toEqual(expected);
  });

  it('adds, replaces and removes rows by key, keeping keys with rows as they move', () => {
    let rows = toDraft(saved);
    rows = putRow(rows, undefined, query('d'));
    const keyOfB = rows[1]?.key;
    rows = moveRow(rows, 1, 1);
    rows = putRow(rows, keyOfB, query('B'));
    expect(tqls(rows)).toEqual(['a', 'c', 'B', 'd']);
    rows = removeRow(rows, rows[0]?.key ?? -1);
    expect(tqls(rows)).toEqual(['c', 'B', 'd']);
  });

  it.each([
    ['unchanged', toDraft(saved), false],
    ['reordered', moveRow(toDraft(saved), 0, 1), true],
    ['a row removed', toDraft(saved.slice(1)), true],
    ['a row edited', toDraft([query('a'), query('b'), query('c2')]), true],
  ])('is dirty when %s: %s', (_name, rows, dirty) => {
    expect(isDirty(saved, rows)).toBe(dirty);
  });

  it('puts server problems on their rows and fields, and keeps them there when rows move', () => {
    const { rows, general } = attachProblems(toDraft(saved), [
      { path: 'queries/1/tql', message: 'TQL rejected' },
      { path: 'queries/1/owners/0', message: 'unknown owner' },
      { path: 'queries/2', message: 'must be an object' },
      { path: 'nextUpdate', message: 'is required' },
      { path: 'queries/9/tql', message: 'no such row' },
    ]);
    expect(rows.map((r) => r.problems)).toEqual([{}, { tql: ['TQL rejected'], owners: ['unknown owner'] }, { _: ['must be an object'] }]);
    expect(general).toEqual(['nextUpdate: is required', 'queries/9/tql: no such row']);
    expect(moveRow(rows, 1, -1)[0]?.problems.tql).toEqual(['TQL rejected']);
    expect(putRow(rows, rows[1]?.key, query('fixed'))[1]?.problems).toEqual({});
  });

  it('groups preview problems by field', () => {
    expect(
      problemsByField([
        { path: 'tql', message: 'x' },
        { path: 'owners/1', message: 'y' },
        { path: 'tql', message: 'z' },
      ]),
    ).toEqual({ tql: ['x', 'z'], owners: ['y'] });
  });
});
