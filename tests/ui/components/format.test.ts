import { TC_INDICATOR_TYPES } from '../../../sdk/threatconnect/types';
import { formatCountdown, formatDateTime, formatDuration, formatTime, plural, shortId } from '../../../ui/components/format';
import { indicatorTypeLabel, jobTypeLabel, modeLabel } from '../../../ui/components/labels';

describe('format helpers', () => {
  it.each([
    [undefined, '—'],
    [0, '0 ms'],
    [950, '950 ms'],
    [12_345, '12.3 s'],
    [245_000, '4 min 05 s'],
    [7_380_000, '2 h 03 min'],
  ])('formatDuration(%j) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [undefined, '—'],
    ['not a date', 'not a date'],
  ])('formatTime(%j) = %s', (iso, text) => {
    expect(formatTime(iso)).toBe(text);
  });

  it('formatTime shows a real time with its year', () => {
    expect(formatTime('2025-06-01T12:00:00Z')).toMatch(/2025/);
  });

  it.each([
    ['00000000-0000-4000-8000-000000000001', '00000000'],
    [undefined, '—'],
  ])('shortId(%j) = %s', (id, text) => {
    expect(shortId(id)).toBe(text);
  });

  it.each([
    [0, '0 jobs'],
    [1, '1 job'],
    [2, '2 jobs'],
  ])('plural(%d)', (n, text) => {
    expect(plural(n, 'job')).toBe(text);
  });
});

describe('the next run', () => {
  it.each([
    [-5_000, 'due now'],
    [40_000, 'in 40 s'],
    [12 * 60_000 + 59_000, 'in 12 m'],
    [(5 * 60 + 12) * 60_000, 'in 5 h 12 m'],
    [(47 * 60 + 5) * 60_000, 'in 47 h 5 m'],
    [(51 * 60 + 30) * 60_000, 'in 2 d 3 h'],
  ])('formatCountdown(%j) = %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });

  it('formatDateTime shows the date and the time to the minute', () => {
    expect(formatDateTime('2025-06-01T12:00:00Z')).toMatch(/2025/);
    expect(formatDateTime('2025-06-01T12:00:00Z')).not.toMatch(/:\d\d:\d\d/);
    expect(formatDateTime(undefined)).toBe('—');
  });
});

describe('labels', () => {
  it('spells indicator types as words, and leaves the others as they are', () => {
    expect(TC_INDICATOR_TYPES.map(indicatorTypeLabel)).toEqual([
      'Address',
      'CIDR',
      'Host',
      'File',
      'URL',
      'ASN',
      'Email Address',
      'Email Subject',
      'Registry Key',
    ]);
  });

  it('writes modes and job types in Title Case', () => {
    expect([modeLabel('full'), modeLabel('delta'), jobTypeLabel('scheduled'), jobTypeLabel('ad-hoc')]).toEqual(['Full', 'Delta', 'Scheduled', 'Ad-hoc']);
  });
});
