import type { AppStack } from '../../../app/testing/start-app-stack';
import type { ErrorGroupRecord, ErrorRecord, PageOf } from '../../../app/export/types';
import { csvCell } from '../../../app/export/error-report';
import { allOf, call, runJob, saveConfig, startStack } from './e2e-kit';

// REPORTS for triage: identical errors merged with a count, the jobs and the configuration they came from, the
// indicator (type, owner, value, its page in ThreatConnect), and a CSV of what the filters show.
let stack: AppStack;
beforeAll(async () => {
  stack = await startStack('reports', { tc: { indicatorCount: 400, seed: 5, duplicateShare: 0, malformedCount: 6 } });
}, 60_000);
afterAll(() => stack?.close());

async function csv(route: string): Promise<{ status: number; type: string | null; disposition: string | null; text: string }> {
  const res = await fetch(new URL(route, stack.url), { headers: stack.accessToken ? { authorization: `Bearer ${stack.accessToken}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
}

it('merges the same error of two jobs into one row with a count, its jobs, configuration and indicator', async () => {
  // The malformed indicators come back through both configurations: each is reported once a job, by the first.
  await saveConfig(stack, [allOf(stack), allOf(stack, 'rating >= 0 and confidence >= 0')]);
  const first = await runJob(stack, 'full');
  const second = await runJob(stack, 'full');
  const all = (await call<PageOf<ErrorRecord>>(stack, 'GET', 'api/errors?step=convert&pageSize=100')).json;
  const merged = (await call<PageOf<ErrorGroupRecord>>(stack, 'GET', 'api/errors?step=convert&grouped=true&pageSize=100')).json;
  expect(merged.total).toBe(6);
  expect(all.total).toBe(12);
  for (const g of merged.items) {
    expect(g.count).toBe(2);
    expect(g.requestIds).toEqual([second.requestId, first.requestId]);
    expect(g.origins).toEqual(['Configuration 1']);
    expect(g.firstTime <= g.time).toBe(true);
    expect(g.indicator).toMatchObject({
      id: expect.any(Number),
      type: expect.any(String),
      owner: expect.any(String),
      webLink: expect.stringMatching(/^https?:\/\/.*\/details\/indicators\/\d+/),
    });
  }
  // Merging follows the filters: one job alone has no duplicates.
  const one = (await call<PageOf<ErrorGroupRecord>>(stack, 'GET', `api/errors?grouped=true&requestId=${first.requestId}&pageSize=100`)).json;
  expect(one.items.filter((g) => g.step === 'convert').every((g) => g.count === 1)).toBe(true);
});

it('exports what the filters show as CSV, merged or not, formulas defused', async () => {
  const merged = await csv('api/errors.csv?step=convert&grouped=true');
  expect(merged.status).toBe(200);
  expect(merged.type).toMatch(/^text\/csv/);
  expect(merged.disposition).toBe('attachment; filename="errors-merged.csv"');
  const lines = merged.text.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('time,request_id,step,message,configuration,indicator_type,owner,indicator,tc_id,web_link,count,first_time,request_ids');
  expect(lines).toHaveLength(1 + 6);
  const plain = await csv('api/errors.csv?step=convert');
  expect(plain.text.split('\r\n').filter(Boolean)).toHaveLength(1 + 12);
  expect((await csv('api/errors.csv?step=nonsense')).status).toBe(400);
  expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('-1')).toBe("'-1");
});

it('"where is my indicator?" finds a value however it is written, with its state, last send and errors', async () => {
  type Found = import('../../../app/export/types').IndicatorLookup;
  const lookup = async (q: string) => (await call<Found[]>(stack, 'GET', `api/indicators?q=${encodeURIComponent(q)}`)).json;
  const host = stack.sentinel.store.all('ThreatConnect-Demo').find((o) => String(o.pattern).startsWith('[domain-name:value'))!;
  const value = String(host.name).split(' | ')[0]!;
  // Written in capitals: the App lowercases host names, so it finds the same STIX id.
  const [found] = await lookup(value.toUpperCase());
  expect(found).toMatchObject({ stixId: host.id, tcType: 'Host', state: 'active', lastSent: expect.any(String), lastJob: expect.any(String), errors: [] });
  // Which configuration returns it first, as they stand: ThreatConnect is asked, in their order.
  expect(found!.configuration).toBe('Configuration 1');
  await saveConfig(stack, [{ ...allOf(stack), indicatorTypes: ['Address'] }, allOf(stack)]);
  expect((await lookup(value))[0]!.configuration).toBe('Configuration 2');
  await saveConfig(stack, [{ ...allOf(stack), indicatorTypes: ['Address'] }]);
  expect((await lookup(value))[0]!.configuration).toBeUndefined();
  // A malformed indicator never reached Sentinel: the lookup says it was not converted, and why.
  const malformed = (await call<PageOf<ErrorRecord>>(stack, 'GET', 'api/errors?step=convert&pageSize=1')).json.items[0]!;
  const [notConverted] = await lookup(malformed.indicator!.value!);
  expect(notConverted).toMatchObject({ state: 'not converted', tcId: malformed.indicator!.id });
  expect(notConverted!.errors).toEqual([0, 1].map(() => expect.objectContaining({ step: 'convert', message: malformed.message }))); // one per job
});
