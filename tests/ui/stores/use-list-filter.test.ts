import { filterHash, readFilters } from '../../../ui/stores/use-list-filter';
import { parseHash } from '../../../ui/stores/hash-route';

const SPEC = { type: { options: ['scheduled', 'ad-hoc'] }, status: { many: true, options: ['Failed', 'Upload Complete'] }, requestId: {} } as const;
const read = (hash: string) => readFilters(parseHash(hash).params, SPEC);

describe('readFilters', () => {
  it('reads every filter and the page from the address', () => {
    expect(read('#/jobs?type=ad-hoc&status=Failed,Upload%20Complete&requestId=ab&page=3')).toEqual({
      values: { type: 'ad-hoc', status: ['Failed', 'Upload Complete'], requestId: 'ab' },
      page: 3,
    });
  });

  it('gives empty filters and the first page when the address has none', () => {
    expect(read('#/jobs')).toEqual({ values: { type: '', status: [], requestId: '' }, page: 1 });
  });

  it('drops what a field does not allow, and a page that is not a page', () => {
    expect(read('#/jobs?type=weekly&status=Failed,Lost,&page=-2')).toEqual({ values: { type: '', status: ['Failed'], requestId: '' }, page: 1 });
    expect(read('#/jobs?page=abc').page).toBe(1);
  });
});

describe('filterHash', () => {
  it('leaves out what is empty, and the first page', () => {
    expect(filterHash('tasks', { kind: [], status: ['Failed'], requestId: '' }, 1)).toBe('#/tasks?status=Failed');
    expect(filterHash('reports', { step: [], requestId: '' }, 1)).toBe('#/reports');
  });

  it('round-trips through the address', () => {
    const values = { type: 'scheduled', status: ['Failed', 'Upload Complete'], requestId: 'a b&c' };
    expect(read(filterHash('jobs', values, 2))).toEqual({ values, page: 2 });
  });
});
