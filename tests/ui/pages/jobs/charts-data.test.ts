import type { Job } from '../../../../app/export/types';
import {
  categoryLabel,
  holdingData,
  holdingRows,
  jobBars,
  jobCountsText,
  stackedJobData,
  stepIndex,
  tickFormats,
  timeTickLabels,
} from '../../../../ui/pages/jobs/chart-data';

const counts = { downloaded: 0, duplicates: 0, converted: 0, convertErrors: 0, uploaded: 0, rejected: 0, revoked: 0, refreshed: 0, current: 0 };
const job = (id: string, startedAt: string, c: Partial<typeof counts> = {}): Job => ({
  requestId: id,
  type: 'ad-hoc',
  mode: 'full',
  status: 'Upload Complete',
  startedAt,
  counts: { ...counts, ...c },
  progress: 1,
});

describe('jobBars and stackedJobData', () => {
  const newestFirst = [
    job('c', '2026-12-07T12:00:00Z', { uploaded: 5, rejected: 2, revoked: 1 }),
    job('b', '2026-12-07T11:00:00Z'),
    job('x', 'not a date', { uploaded: 9 }),
    job('a', '2026-12-06T23:30:00Z', { uploaded: 10 }),
  ];

  it('puts the jobs oldest first, in seconds, and leaves out a start that is not a date', () => {
    const bars = jobBars(newestFirst);
    expect(bars.map((b) => b.requestId)).toEqual(['a', 'b', 'c']);
    expect(bars[0]!.t).toBe(Date.UTC(2026, 11, 6, 23, 30) / 1000);
    expect(bars.map((b) => b.total)).toEqual([10, 0, 8]);
  });

  it('stacks the tops from the top down: all three, uploaded + rejected, uploaded', () => {
    const [t, top, middle, bottom] = stackedJobData(jobBars(newestFirst));
    expect(t).toHaveLength(3);
    expect(top).toEqual([10, 0, 8]);
    expect(middle).toEqual([10, 0, 7]);
    expect(bottom).toEqual([10, 0, 5]);
  });

  it('says what a job sent, or that it sent nothing', () => {
    expect(jobCountsText({ uploaded: 1200, rejected: 3, revoked: 0 })).toBe(`${(1200).toLocaleString()} uploaded, 3 rejected, 0 revoked`);
    expect(jobCountsText({ uploaded: 0, rejected: 0, revoked: 0 })).toBe('nothing uploaded, rejected or revoked');
  });
});

describe('holdingRows and holdingData', () => {
  const types = [
    { type: 'Address', active: 10, expiringSoon: 2, expired: 1, revoked: 3 },
    { type: 'EmailAddress', active: 4, expiringSoon: 0, expired: 0, revoked: 1 },
    { type: 'Registry Key', active: 0, expiringSoon: 0, expired: 5, revoked: 0 },
  ];

  it('names the types as the UI does elsewhere, in the ledger’s order', () => {
    expect(holdingRows(types).map((r) => r.label)).toEqual(['Address', 'Email Address', 'Registry Key']);
  });

  it('gives a category position a type, then active, expiring soon and revoked', () => {
    expect(holdingData(holdingRows(types))).toEqual([
      [0, 1, 2],
      [10, 4, 0],
      [2, 0, 0],
      [3, 1, 0],
    ]);
  });

  it('puts a category’s words on lines of their own', () => {
    expect(categoryLabel('Email Address')).toBe('Email\nAddress');
    expect(categoryLabel('CIDR')).toBe('CIDR');
  });
});

describe('timeTickLabels', () => {
  const f = tickFormats('en-GB', 'UTC');
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('writes the time at the precision of the step, the date under the first tick and where the day changes', () => {
    const splits = [at('2026-12-07T22:00:00Z'), at('2026-12-07T23:00:00Z'), at('2026-12-08T00:00:00Z'), at('2026-12-08T01:00:00Z')];
    expect(timeTickLabels(splits, 3600, f)).toEqual(['22:00\n7 Dec 2026', '23:00', '0:00\n8 Dec 2026', '1:00']);
  });

  it('shows seconds when the ticks are under a minute apart', () => {
    expect(timeTickLabels([at('2026-12-07T10:00:05Z'), at('2026-12-07T10:00:10Z')], 5, f)).toEqual(['10:00:05\n7 Dec 2026', '10:00:10']);
  });

  it('writes dates alone for ticks a day or more apart, the year first and where it changes', () => {
    const splits = [at('2026-12-30T00:00:00Z'), at('2026-12-31T00:00:00Z'), at('2027-01-01T00:00:00Z'), at('2027-01-02T00:00:00Z')];
    expect(timeTickLabels(splits, 86_400, f)).toEqual(['30 Dec 2026', '31 Dec', '1 Jan 2027', '2 Jan']);
  });
});

describe('stepIndex', () => {
  it('steps with the left and right arrows within the bars, and jumps with Home and End', () => {
    expect(stepIndex('ArrowLeft', 2, 5)).toBe(1);
    expect(stepIndex('ArrowLeft', 0, 5)).toBe(0);
    expect(stepIndex('ArrowRight', 4, 5)).toBe(4);
    expect(stepIndex('ArrowRight', null, 5)).toBe(4);
    expect(stepIndex('ArrowLeft', null, 5)).toBe(3);
    expect(stepIndex('Home', 3, 5)).toBe(0);
    expect(stepIndex('End', 0, 5)).toBe(4);
  });

  it('leaves other keys, and an empty chart, alone', () => {
    expect(stepIndex('ArrowUp', 2, 5)).toBeUndefined();
    expect(stepIndex('Tab', 2, 5)).toBeUndefined();
    expect(stepIndex('End', null, 0)).toBeUndefined();
  });
});
