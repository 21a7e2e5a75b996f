import { buildIndicatorTql, formatTqlDate, TQL_DATE_FORMAT, tqlList, tqlString } from '../../../sdk/threatconnect';
import { compileTql } from '../../../sdk/testing/tc-simulator';

describe('tqlString / tqlList', () => {
  it.each([
    ['plain', 'APT', '"APT"'],
    ['double quote', 'say "hi"', '"say \\"hi\\""'],
    ['backslash', 'HKEY_LOCAL_MACHINE\\Software', '"HKEY_LOCAL_MACHINE\\\\Software"'],
    ['backslash before quote', 'a\\"b', '"a\\\\\\"b"'],
    ['empty', '', '""'],
    ['single quote', "O'Brien", '"O\\\'Brien"'],
    ['backtick', 'a`b', '"a\\`b"'],
  ])('%s', (_name, value, expected) => {
    expect(tqlString(value)).toBe(expected);
  });

  it('lists values', () => {
    expect(tqlList(['Address', 'Email Subject'])).toBe('("Address", "Email Subject")');
    expect(tqlList([])).toBe('()');
  });
});

describe('formatTqlDate', () => {
  it.each([
    ['2024-03-05T07:08:09.123Z', '2024-03-05 07:08:09'],
    ['2024-12-31T23:59:59Z', '2024-12-31 23:59:59'],
    ['2024-06-01T02:00:00+02:00', '2024-06-01 00:00:00'],
  ])('%s → %s', (iso, expected) => {
    expect(formatTqlDate(new Date(iso))).toBe(expected);
    expect(expected).toHaveLength(TQL_DATE_FORMAT.length);
  });

  it('rejects an invalid date', () => {
    expect(() => formatTqlDate(new Date('nope'))).toThrow(/invalid date/);
  });
});

describe('buildIndicatorTql', () => {
  const since = new Date('2024-05-06T07:08:09Z');
  it.each([
    [
      'everything',
      { userTql: 'rating >= 3', types: ['Address', 'Host'], ownerNames: ['ABC Org'], modifiedSince: since },
      '(rating >= 3) and typeName in ("Address", "Host") and ownerName in ("ABC Org") and lastModified > "2024-05-06 07:08:09"',
    ],
    ['user TQL with or is wrapped', { userTql: 'rating > 4 or confidence > 90', types: ['URL'] }, '(rating > 4 or confidence > 90) and typeName in ("URL")'],
    ['blank user TQL omitted', { userTql: '   ', types: ['Host'] }, 'typeName in ("Host")'],
    ['no types', { userTql: 'rating > 1', ownerNames: ['A'] }, '(rating > 1) and ownerName in ("A")'],
    ['empty lists omitted', { userTql: 'rating > 1', types: [], ownerNames: [] }, '(rating > 1)'],
    ['owner name with a quote', { ownerNames: ['Bob "The" Org'] }, 'ownerName in ("Bob \\"The\\" Org")'],
    ['nothing', {}, ''],
  ])('%s', (_name, input, expected) => {
    expect(buildIndicatorTql(input)).toBe(expected);
  });

  it('produces TQL the simulator parses', () => {
    const tql = buildIndicatorTql({
      userTql: 'summary contains "x" or tag = "APT"',
      types: ['Email Subject'],
      ownerNames: ['Bob "The" Org'],
      modifiedSince: since,
    });
    expect(() => compileTql(tql)).not.toThrow();
  });
});
