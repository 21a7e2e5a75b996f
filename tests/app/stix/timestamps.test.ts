import { formatTimestamp, parseTimestamp } from '../../../app/stix';

describe('parseTimestamp', () => {
  it.each([
    ['2023-09-13T14:51:34Z', '2023-09-13T14:51:34.000Z'],
    ['2023-09-13T14:51:34.5Z', '2023-09-13T14:51:34.500Z'],
    ['2023-09-13T14:51:34.999999Z', '2023-09-13T14:51:34.999Z'],
    ['2023-09-13T14:51:34-05:30', '2023-09-13T20:21:34.000Z'],
    ['2023-09-13T14:51:34+0100', '2023-09-13T13:51:34.000Z'],
    ['2023-09-13 14:51:34', '2023-09-13T14:51:34.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ])('%p → %p', (text, iso) => {
    const ms = parseTimestamp(text);
    expect(ms === undefined ? undefined : formatTimestamp(ms)).toBe(iso);
  });

  it.each([
    ['2023-02-29T00:00:00Z'],
    ['2023-13-01T00:00:00Z'],
    ['2023-09-13T24:00:00Z'],
    ['2023-09-13T14:51:60Z'],
    ['2023-09-13'],
    ['1694616694'],
    ['2023-09-13T14:51:34+25:00'],
    [''],
    [null],
    [42],
  ])('rejects %p', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('formatTimestamp', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [1e15, '9999-12-31T23:59:59.999Z'],
    [-1e15, '0000-01-01T00:00:00.000Z'],
  ])('%p → %p (millisecond precision, Z, four-digit year)', (ms, iso) => {
    expect(formatTimestamp(ms)).toBe(iso);
  });
});
