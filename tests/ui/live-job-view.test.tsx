import { Fragment, type ComponentChildren, type VNode } from 'preact';
import type { Job, JobLive } from '../../app/export/types';
import { formatClock, formatEta, formatRate, formatThrottle, formatTimeLeft, stageStates } from '../../ui/components/LiveFormat';
import { LiveJob } from '../../ui/pages/jobs/LiveJob';
import { RunningJobPanel } from '../../ui/pages/jobs/RunningJobPanel';

// The running job's live view on JOBS: the words for rate, time left and throttling, each stage's state, and what
// the panel renders from GET /api/jobs/:requestId's `live` (drawn to markup here; the browser tests run it live).

/** Markup of a tree of hook-free components: enough to read what they render without a DOM. */
function markup(node: ComponentChildren): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(markup).join('');
  const vnode = node as VNode<Record<string, unknown> & { children?: ComponentChildren }>;
  if (vnode.type === Fragment) return markup(vnode.props.children);
  if (typeof vnode.type === 'function') return markup((vnode.type as (p: unknown) => ComponentChildren)(vnode.props));
  const attrs = Object.entries(vnode.props)
    .filter(([k, v]) => k !== 'children' && v !== undefined && v !== false && typeof v !== 'function')
    .map(([k, v]) => ` ${k}="${String(v)}"`)
    .join('');
  return `<${String(vnode.type)}${attrs}>${markup(vnode.props.children)}</${String(vnode.type)}>`;
}
const text = (html: string) => html.replace(/<[^>]+>/g, '');

const EN = 'en-US';
/** ICU versions differ on the space before AM/PM (U+202F or a plain one). */
const plain = (s: string) => s.replace(/\s/g, ' ');
const at = (hhmmss: string) => new Date(`2025-06-02T${hhmmss}`); // local time

describe('formatRate', () => {
  it.each([
    [6000, 10_000, '6,000 objects/min of 10,000 max'],
    [29_712.4, 30_000, '29,712 objects/min of 30,000 max'],
    [0, 30_000, '0 objects/min of 30,000 max'],
    [450, undefined, '450 objects/min'],
    [-3, undefined, '0 objects/min'],
  ])('%j a minute against %j', (rate, ceiling, expected) => {
    expect(formatRate(rate, ceiling, EN)).toBe(expected);
  });
});

describe('formatTimeLeft and formatEta', () => {
  it.each([
    [0, 'almost done'],
    [0.3, 'almost done'],
    [2, 'about 5 s left'],
    [33, 'about 35 s left'],
    [59, 'about 60 s left'],
    [60, 'about 1 min left'],
    [89, 'about 1 min left'],
    [90, 'about 2 min left'],
    [245, 'about 4 min left'],
    [3569, 'about 59 min left'],
    [3599, 'about 1 h 00 min left'],
    [3600, 'about 1 h 00 min left'],
    [7_500, 'about 2 h 05 min left'],
  ])('%j s: %s', (seconds, expected) => {
    expect(formatTimeLeft(seconds)).toBe(expected);
  });

  it('says when the job ends by the clock, to the minute', () => {
    const now = at('13:59:20');
    const ends = formatClock(new Date(now.getTime() + 245_000), now, EN);
    expect(plain(ends)).toBe('2:03 PM');
    expect(plain(formatEta(245, now, EN))).toBe('about 4 min left, ending about 2:03 PM');
    expect(formatEta(245, now, 'en-GB')).toBe('about 4 min left, ending about 14:03');
    expect(formatEta(0, now, EN)).toBe('almost done');
  });

  it('gives the date too when the job ends on another day', () => {
    const now = at('23:50:00');
    expect(plain(formatEta(3 * 3600, now, EN))).toBe('about 3 h 00 min left, ending about Jun 3, 2025, 2:50 AM');
  });
});

describe('formatThrottle', () => {
  it('tells until when Sentinel holds the uploads back, to the second', () => {
    const now = at('14:02:58');
    expect(formatThrottle(at('14:03:12').toISOString(), now, 'en-GB')).toBe('Sentinel asked the App to wait (429) until 14:03:12; uploads resume then.');
    expect(plain(formatThrottle(at('14:03:12').toISOString(), now, EN))).toBe('Sentinel asked the App to wait (429) until 2:03:12 PM; uploads resume then.');
  });
});

describe('stageStates', () => {
  const live = (stage: JobLive['stage'], stages: Partial<JobLive['stages']>) => ({
    stage,
    stages: { download: 0, convert: 0, upload: 0, revoke: 0, ...stages },
  });

  it("is waiting, running or done by each stage's share and the current stage", () => {
    expect(stageStates(live('download', {}))).toEqual({ download: 'running', convert: 'waiting', upload: 'waiting', revoke: 'waiting' });
    // The upload starts while the download and conversion still run beside it.
    expect(stageStates(live('upload', { download: 0.5, upload: 0.1 }), 'Download In Progress')).toEqual({
      download: 'running',
      convert: 'running',
      upload: 'running',
      revoke: 'waiting',
    });
    expect(stageStates(live('upload', { download: 1, convert: 1, upload: 0.6 }), 'Upload In Progress')).toEqual({
      download: 'done',
      convert: 'done',
      upload: 'running',
      revoke: 'waiting',
    });
    expect(stageStates(live('revoke', { download: 1, convert: 1, upload: 1, revoke: 0.2 }), 'Upload In Progress')).toEqual({
      download: 'done',
      convert: 'done',
      upload: 'done',
      revoke: 'running',
    });
  });

  it("takes the status's word for stages it has gone past (a job resumed at the upload)", () => {
    expect(stageStates(live('upload', { upload: 0.3 }), 'Upload In Progress')).toEqual({
      download: 'done',
      convert: 'done',
      upload: 'running',
      revoke: 'waiting',
    });
  });
});

const LIVE: JobLive = {
  stages: { download: 1, convert: 1, upload: 0.4, revoke: 0 },
  stage: 'upload',
  objectsPerMinute: 6000,
  ceilingPerMinute: 10_000,
  etaSeconds: 245,
};

function job(overrides: Partial<Job> = {}): Job {
  return {
    requestId: 'job-1',
    type: 'ad-hoc',
    mode: 'full',
    status: 'Upload In Progress',
    startedAt: '2025-06-02T12:00:00Z',
    progress: 0.53,
    counts: { downloaded: 3000, duplicates: 0, converted: 3000, convertErrors: 0, uploaded: 1200, rejected: 0, revoked: 0, refreshed: 0, current: 0 },
    live: LIVE,
    ...overrides,
  };
}

describe('LiveJob', () => {
  it('shows the four stages in order with their state, a labelled bar each, and the current one marked', () => {
    const html = markup(<LiveJob live={LIVE} status="Upload In Progress" now={at('13:59:20')} />);
    const items = [...html.matchAll(/<li [^>]*data-stage="(\w+)" data-state="(\w+)"( aria-current="step")?>/g)].map((m) => [m[1], m[2], Boolean(m[3])]);
    expect(items).toEqual([
      ['download', 'done', false],
      ['convert', 'done', false],
      ['upload', 'running', true],
      ['revoke', 'waiting', false],
    ]);
    expect([...html.matchAll(/<progress[^>]*aria-label="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'Download progress',
      'Convert progress',
      'Upload progress',
      'Revoke progress',
    ]);
    expect(html).toContain('<progress max="100" value="40" aria-label="Upload progress">');
    expect(text(html)).toContain('Upload · nowRunning');
    expect(text(html)).toMatch(/Rate6,000 objects\/min of 10,000 max/);
    expect(text(html)).toMatch(/Time leftabout 4 min left, ending about /);
    expect(html).not.toContain('aria-live');
  });

  it('shows a stage under way whose share is not known as a moving bar, and says when the time left is not known', () => {
    const html = markup(
      <LiveJob live={{ stages: { download: 0.5, convert: 0, upload: 0, revoke: 0 }, stage: 'download', objectsPerMinute: 0 }} now={at('10:00:00')} />,
    );
    expect(html).toContain('<progress max="100" value="50" aria-label="Download progress">');
    expect(text(html)).toContain('Time leftnot known yet');
    expect(text(html)).toContain('Rate0 objects/min');
  });

  it('marks convert as under way while it runs beside the download', () => {
    const html = markup(
      <LiveJob live={{ stages: { download: 0.5, convert: 0, upload: 0.1, revoke: 0 }, stage: 'upload', objectsPerMinute: 100 }} now={at('10:00:00')} />,
    );
    expect(html).toContain('<progress aria-label="Convert progress"></progress><span>under way</span>');
  });
});

describe('RunningJobPanel', () => {
  const panel = (running: Parameters<typeof RunningJobPanel>[0]['running'], connected = true) =>
    markup(<RunningJobPanel running={running} connected={connected} />);
  const poke = () => undefined;

  it('reads out the summary only: status and the throttling banner, not the numbers', () => {
    const throttled = job({ live: { ...LIVE, throttledUntil: at('14:03:12').toISOString() } });
    const html = panel({ job: throttled, seenAt: at('14:02:58').getTime(), tick: 1, poke });
    expect(html.match(/aria-live/g)).toHaveLength(1);
    const summary = /<div class="live-summary" aria-live="polite"[^>]*>(.*?)<\/div>/.exec(html)![1]!;
    expect(text(summary)).toMatch(
      /^Upload In Progress — Ad-hoc Full job job-1, started .*Sentinel asked the App to wait \(429\) until .+; uploads resume then\.$/,
    );
    expect(summary).toContain('data-testid="throttle-banner"');
    expect(summary).not.toContain('objects/min');
    expect(html).toContain('aria-label="Progress of the running job"');
    expect(html).toContain('data-testid="live-job"');
    expect(html).toContain('data-testid="job-counts"');
  });

  it('has no banner while Sentinel does not throttle, and no live view where the job has none', () => {
    expect(panel({ job: job(), tick: 1, poke })).not.toContain('throttle-banner');
    const html = panel({ job: job({ live: undefined }), tick: 1, poke });
    expect(html).not.toContain('live-job');
    expect(html).toContain('Progress of the running job');
  });

  it('tells how the last job ended, or nothing while the service does not answer', () => {
    const ended = job({ status: 'Upload Complete', live: undefined, endedAt: '2025-06-02T12:05:00Z' });
    expect(text(panel({ finished: ended, tick: 2, poke }))).toMatch(/^No job is running\. The last one, Ad-hoc Full job job-1, ended Upload Complete at .+\./);
    expect(text(panel({ job: job(), tick: 1, poke }, false))).toBe('Not known while the service does not answer.');
  });
});
