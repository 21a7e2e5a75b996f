import { createApiClient, type ApiClient } from '../../../ui/api/api-client';
import { ApiError } from '../../../ui/api/api-error';
import { GOOD_QUERY } from '../../app/routes/route-cases';
import { seededId, seedHistory } from '../../app/routes/seed-history';
import { startFakeUiTarget, type FakeUiTarget } from '../ui-test-server';

// The UI's API client against the real routes, under TC's prefix: relative URLs resolve against the service root.
describe('createApiClient', () => {
  let target: FakeUiTarget;
  let api: ApiClient;
  const urls: string[] = [];

  beforeAll(async () => {
    target = await startFakeUiTarget();
    api = createApiClient((url, init) => {
      urls.push(url);
      return fetch(new URL(url, target.url), init);
    });
  });
  afterAll(() => target.close());
  beforeEach(() => {
    target.fake.jobs = [];
    target.fake.tasks = [];
    target.fake.errors = [];
    seedHistory(target.fake);
  });

  it('uses only relative URLs', async () => {
    await api.getConfig();
    await api.listJobs({ status: ['Failed', 'Upload Complete'], page: 1 });
    await api.getJob(seededId(1));
    expect(urls.every((u) => u.startsWith('api/'))).toBe(true);
    expect(urls).toContain('api/jobs?status=Failed%2CUpload%20Complete&page=1');
  });

  it('saves and reads the configuration', async () => {
    const saved = await api.saveConfig({ queries: [GOOD_QUERY], nextUpdate: 'full' });
    expect(saved).toMatchObject({ queries: [GOOD_QUERY], nextUpdate: 'full' });
    expect(await api.getConfig()).toEqual(saved);
  });

  it('lists with filters and pages', async () => {
    const page = await api.listJobs({ type: 'scheduled', pageSize: 2, page: 2 });
    expect([page.total, page.page, page.items.map((j) => j.requestId)]).toEqual([3, 2, [seededId(1)]]);
    expect((await api.listTasks({ kind: ['cleaner'] })).total).toBe(1);
    expect((await api.listErrors({ step: ['upload'] })).items[0]?.message).toBe('HTTP 401');
  });

  it('reads owners, previews, starts a job and reads it back with its tasks', async () => {
    expect((await api.owners()).map((o) => o.name)).toContain('Phish Source');
    expect((await api.preview(GOOD_QUERY)).count).toBe(3);
    const { requestId } = await api.startJob('full');
    target.fake.advance();
    expect(await api.getJob(requestId)).toMatchObject({ requestId, status: 'Download Complete', tasks: [{ kind: 'download' }] });
  });

  it.each([
    [
      'a refused configuration, with its problems',
      () => api.saveConfig({ queries: [{ ...GOOD_QUERY, tql: '(' }], nextUpdate: 'delta' }),
      400,
      [{ path: 'queries/0/tql', message: "The TQL cannot be used: '(' is never closed (at character 1)" }],
    ],
    ['a second job while one runs', async () => (await api.startJob('delta'), api.startJob('delta')), 409, []],
    ['an unknown job (details that are not problems are ignored)', () => api.getJob('00000000-0000-4000-8000-00000000ffff'), 404, []],
  ])('rejects %s with an ApiError', async (_name, call, status, details) => {
    const err = (await call().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.details]).toEqual([status, details]);
    expect(err.message).not.toBe('');
  });

  it('reports an unreachable service as status 0', async () => {
    const offline = createApiClient(() => Promise.reject(new TypeError('fetch failed')));
    await expect(offline.getConfig()).rejects.toMatchObject({ status: 0, message: 'Could not reach the service (fetch failed)' });
  });

  it('words a non-JSON error by its status', async () => {
    const proxy = createApiClient(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(proxy.owners()).rejects.toMatchObject({ status: 502, message: 'The service answered 502 Bad Gateway' });
  });
});
