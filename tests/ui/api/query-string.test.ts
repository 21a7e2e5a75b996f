import { toQueryString } from '../../../ui/api/query-string';

describe('toQueryString', () => {
  it.each([
    ['nothing set', {}, ''],
    ['empty values left out', { type: '', status: [], requestId: undefined }, ''],
    ['a list comma-separated, spaces as %20', { status: ['Failed', 'Upload Complete'] }, '?status=Failed%2CUpload%20Complete'],
    ['numbers', { page: 2, pageSize: 20 }, '?page=2&pageSize=20'],
    ['text escaped', { requestId: 'a&b=c' }, '?requestId=a%26b%3Dc'],
  ])('%s', (_name, params, expected) => {
    expect(toQueryString(params)).toBe(expected);
  });
});
