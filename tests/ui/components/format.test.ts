import { formatDuration, formatTime, plural, shortId } from '../../../ui/components/format';

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
