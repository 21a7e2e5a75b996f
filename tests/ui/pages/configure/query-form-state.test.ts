import { checkQueryLocally, EMPTY_QUERY, mergeProblems, withoutFields } from '../../../../ui/pages/configure/query-form-state';

describe('checkQueryLocally', () => {
  it.each([
    ['an empty form', EMPTY_QUERY, ['owners', 'indicatorTypes', 'tql']],
    ['a blank TQL', { ...EMPTY_QUERY, owners: ['A'], indicatorTypes: ['Host' as const], tql: '  \n' }, ['tql']],
    ['a complete query', { ...EMPTY_QUERY, owners: ['A'], indicatorTypes: ['Host' as const], tql: 'rating > 1' }, []],
  ])('%s', (_name, query, fields) => {
    expect(Object.keys(checkQueryLocally(query))).toEqual(fields);
  });
});

describe('withoutFields', () => {
  it.each([
    [['tql'], { owners: ['x'] }],
    [[], { owners: ['x'], tql: ['y'] }],
    [['owners', 'tql'], {}],
  ])('drops %j', (fields, expected) => {
    expect(withoutFields({ owners: ['x'], tql: ['y'] }, new Set(fields))).toEqual(expected);
  });
});

describe('mergeProblems', () => {
  it('joins the sources per field without repeats', () => {
    expect(mergeProblems({ tql: ['bad'] }, { tql: ['bad', 'worse'], owners: ['none'] }, {})).toEqual({ tql: ['bad', 'worse'], owners: ['none'] });
  });
});
