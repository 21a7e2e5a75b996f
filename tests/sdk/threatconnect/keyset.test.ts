import fc from 'fast-check';
import { keysetQuery, nextKeysetCursor, type KeysetCursor, type KeysetSort } from '../../../sdk/threatconnect';

// The keyset read's TQL and sorting, and how it moves on: the unit behind the paging e2e tests.
describe('keysetQuery', () => {
  it.each<[string, KeysetSort, KeysetCursor | undefined, { tql: string; sorting: string }]>([
    ['the first page, by a date', { field: 'dateAdded', direction: 'asc' }, undefined, { tql: '(rating >= 3)', sorting: 'dateAdded asc id asc' }],
    [
      'a later page, by a date',
      { field: 'dateAdded', direction: 'asc' },
      { phase: 'values', after: { value: '2024-01-02T03:04:05Z', id: 7 } },
      { tql: '(rating >= 3) and (dateAdded > "2024-01-02 03:04:05" or (dateAdded = "2024-01-02 03:04:05" and id > 7))', sorting: 'dateAdded asc id asc' },
    ],
    [
      'descending, by a nullable number',
      { field: 'rating', direction: 'desc' },
      { phase: 'values', after: { value: 3.5, id: 9 } },
      { tql: '(rating >= 3) and rating >= 0 and (rating < 3.5 or (rating = 3.5 and id > 9))', sorting: 'rating desc id asc' },
    ],
    [
      'then the items without a value',
      { field: 'rating', direction: 'desc' },
      { phase: 'nulls', after: { value: 12, id: 12 } },
      { tql: '(rating >= 3) and rating is null and id > 12', sorting: 'id asc' },
    ],
    [
      'by id, descending',
      { field: 'id', direction: 'desc' },
      { phase: 'values', after: { value: 50, id: 50 } },
      { tql: '(rating >= 3) and id < 50', sorting: 'id desc' },
    ],
    [
      'by a string that needs escaping',
      { field: 'summary', direction: 'asc' },
      { phase: 'values', after: { value: 'a"b', id: 1 } },
      { tql: '(rating >= 3) and (summary > "a\\"b" or (summary = "a\\"b" and id > 1))', sorting: 'summary asc id asc' },
    ],
  ])('%s', (_name, sort, cursor, expected) => {
    expect(keysetQuery('rating >= 3', sort, cursor)).toEqual(expected);
  });

  it('refuses a field it cannot page by', () => {
    expect(() => keysetQuery('', { field: 'ownerName', direction: 'asc' })).toThrow(/cannot page by "ownerName"/);
  });
});

describe('nextKeysetCursor', () => {
  const byRating: KeysetSort = { field: 'rating', direction: 'asc' };

  it('goes on after the last item of a full page, then to the items without a value, then stops', () => {
    const values = nextKeysetCursor(byRating, { phase: 'values' }, { size: 2, limit: 2, last: { id: 4, rating: 2 } });
    expect(values).toEqual({ phase: 'values', after: { value: 2, id: 4 } });
    expect(nextKeysetCursor(byRating, values!, { size: 1, limit: 2, last: { id: 8, rating: 5 } })).toEqual({ phase: 'nulls' });
    const nulls = nextKeysetCursor(byRating, { phase: 'nulls' }, { size: 2, limit: 2, last: { id: 3 } });
    expect(nulls).toEqual({ phase: 'nulls', after: { value: 3, id: 3 } });
    expect(nextKeysetCursor(byRating, nulls!, { size: 0, limit: 2 })).toBeUndefined();
  });

  it('stops after a short page of a field every item has', () => {
    expect(
      nextKeysetCursor(
        { field: 'dateAdded', direction: 'asc' },
        { phase: 'values' },
        { size: 1, limit: 2, last: { id: 1, dateAdded: '2024-01-01T00:00:00Z' } },
      ),
    ).toBeUndefined();
  });

  it('fails rather than reading for ever when a page does not move past the cursor', () => {
    const cursor: KeysetCursor = { phase: 'values', after: { value: 2, id: 4 } };
    expect(() => nextKeysetCursor(byRating, cursor, { size: 2, limit: 2, last: { id: 4, rating: 2 } })).toThrow(/does not move past the previous one/);
    expect(() => nextKeysetCursor(byRating, cursor, { size: 2, limit: 2, last: { id: 9, rating: 1 } })).toThrow(/does not move past/);
  });

  it('moves forward exactly when the last item sorts after the cursor (any values)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.nat(100), fc.integer({ min: 0, max: 5 }), fc.nat(100), fc.boolean(), (v1, id1, v2, id2, desc) => {
        const sort: KeysetSort = { field: 'rating', direction: desc ? 'desc' : 'asc' };
        const cursor: KeysetCursor = { phase: 'values', after: { value: v1, id: id1 } };
        const after = desc ? v2 < v1 || (v2 === v1 && id2 > id1) : v2 > v1 || (v2 === v1 && id2 > id1);
        const step = () => nextKeysetCursor(sort, cursor, { size: 3, limit: 3, last: { id: id2, rating: v2 } });
        if (after) expect(step()).toEqual({ phase: 'values', after: { value: v2, id: id2 } });
        else expect(step).toThrow();
      }),
    );
  });
});
