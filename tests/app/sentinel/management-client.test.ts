import https from 'node:https';
import axios from 'axios';
import { Secret } from '../../../sdk/inputs/secret';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { createTokenProvider } from '../../../app/sentinel';
import { CLOUDS } from '../../../app/sentinel/clouds';
import { createManagementClient, MANAGEMENT_LIMITS, type ManagementLimits, type QueryClause, type TiObject } from '../../../app/sentinel/management-client';
import { SentinelError } from '../../../app/sentinel/sentinel-error';
import { MANAGEMENT_API_VERSIONS } from '../../../app/testing/sentinel-simulator/management-routes';
import { startSentinelSimulator, type SentinelSimulator, type SentinelSimulatorOptions } from '../../../app/testing/sentinel-simulator';
import { stixTexts } from '../../helpers/stix-objects';
import { clientFor, SOURCE } from './sentinel-test-kit';

// The management client against the simulated management API: what reconciliation reads (count, listing by
// nextLink), ARM's throttle waited out, and errors that say which parameter or role to check.
let sim: SentinelSimulator;
afterEach(() => sim?.close());

const bySource: QueryClause[] = [{ field: 'source', operator: 'Equals', values: [SOURCE] }];

function managementFor(s: SentinelSimulator, limits: Partial<ManagementLimits> = {}, target: Partial<SentinelSimulator['management']['target']> = {}) {
  const log = createCapturedLogger({ level: 'debug' });
  const clientSecret = new Secret(s.credentials.clientSecret);
  log.logger.addSecret(clientSecret);
  const tokenProvider = createTokenProvider({
    ...s.credentials,
    clientSecret,
    authorityHost: s.authorityHost,
    scope: CLOUDS.AzureCloud.scope,
    logger: log.logger,
    ca: s.ca,
  });
  const client = createManagementClient({
    managementUrl: s.managementUrl,
    ...s.management.target,
    ...target,
    tokenProvider,
    logger: log.logger,
    ca: s.ca,
    limits: { readsPerSecond: 1000, writesPerSecond: 1000, ...limits },
  });
  return { client, log, tokenProvider };
}

async function seeded(count: number, options: SentinelSimulatorOptions = {}): Promise<SentinelSimulator> {
  const s = await startSentinelSimulator(options);
  const { client } = clientFor(s);
  for (let i = 0; i < count; i += 100) await client.upload(stixTexts(Math.min(100, count - i), i));
  client.close();
  return s;
}

async function listAll(client: ReturnType<typeof managementFor>['client'], clauses = bySource): Promise<TiObject[][]> {
  const pages: TiObject[][] = [];
  for await (const page of client.list(clauses)) pages.push(page);
  return pages;
}

it('counts and lists the App’s objects, page by page through nextLink, each as Sentinel holds it', async () => {
  sim = await seeded(250);
  const { client } = managementFor(sim, { pageSize: 100 });
  expect(await client.count(bySource)).toBe(250);
  expect(await client.count([{ field: 'source', operator: 'Equals', values: ['Someone else'] }])).toBe(0);
  const pages = await listAll(client);
  expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
  const ids = pages.flat().map((o) => o.properties.data.id);
  expect(new Set(ids).size).toBe(250);
  expect(pages[0]![0]).toMatchObject({
    kind: 'Indicator',
    properties: { source: SOURCE, data: { type: 'indicator', id: expect.stringMatching(/^indicator--/) } },
  });
  // One count, one count, then the first page by POST and two more by the nextLink (GET, the constant's choice).
  const asked = sim.requests.filter((r) => r.kind === 'query' || r.kind === 'count');
  expect(asked.map((r) => `${r.kind} ${r.method}`)).toEqual(['count POST', 'count POST', 'query POST', 'query GET', 'query GET']);
  // The simulator answers 400 InvalidApiVersionParameter to a version without query and count.
  expect(asked.every((r) => r.status === 200)).toBe(true);
  expect(MANAGEMENT_API_VERSIONS).toContain(MANAGEMENT_LIMITS.apiVersion);
  expect(client.requests).toBe(5);
  client.close();
});

it('takes the count body in either of its documented forms', async () => {
  sim = await seeded(3);
  const { client, tokenProvider } = managementFor(sim);
  expect(await client.count(bySource)).toBe(3); // the example's form, without `properties`
  // The schema's form, with `properties`, asked directly.
  const countUrl = sim.requests.find((r) => r.kind === 'count')!.path;
  const res = await axios.post(
    `${new URL(countUrl, sim.managementUrl).href}?api-version=${MANAGEMENT_LIMITS.apiVersion}`,
    { properties: { condition: { clauses: bySource, conditionConnective: 'And' } } },
    { headers: { authorization: `Bearer ${await tokenProvider.getToken()}` }, httpsAgent: new https.Agent({ ca: sim.ca }) },
  );
  expect(res.data).toEqual({ count: 3 });
  client.close();
});

it('follows nextLink with POST when the constant says so', async () => {
  sim = await seeded(150);
  const { client } = managementFor(sim, { pageSize: 100, nextLinkMethod: 'POST' });
  expect((await listAll(client)).flat()).toHaveLength(150);
  expect(sim.requests.filter((r) => r.kind === 'query').map((r) => r.method)).toEqual(['POST', 'POST']);
  client.close();
});

it('waits out ARM’s 429 as Retry-After says, and loses no page', async () => {
  // A read bucket of 2 refilled at 1 a second: the third page is throttled once, then answered.
  sim = await seeded(400, { armBuckets: { reads: { capacity: 2, refillPerSecond: 1 } } });
  const { client, log } = managementFor(sim, { pageSize: 100 });
  const pages = await listAll(client);
  expect(pages.flat()).toHaveLength(400);
  const queries = sim.requests.filter((r) => r.kind === 'query');
  expect(queries.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  expect(queries.filter((r) => r.status === 200)).toHaveLength(4);
  expect(log.text()).toMatch(/throttled the request \(429\); waiting as told/);
  client.close();
}, 30_000);

it.each<[string, Partial<SentinelSimulator['management']['target']> | 'forbidden', RegExp]>([
  [
    'a subscription it cannot find',
    { subscriptionId: '00000000-0000-0000-0000-000000000000' },
    /404 SubscriptionNotFound.*Check the Azure Subscription ID parameter/,
  ],
  ['a resource group it cannot find', { resourceGroup: 'rg-other' }, /404 ResourceGroupNotFound.*Check the Azure Resource Group parameter/],
  ['a workspace name it cannot find', { workspaceName: 'law-other' }, /404 ResourceNotFound.*Sentinel Workspace Name \(the name, not the ID\)/],
  ['a principal without the role', 'forbidden', /403 AuthorizationFailed.*Microsoft Sentinel Contributor role/],
])('names what to check for %s', async (_name, change, expected) => {
  sim = await seeded(1);
  if (change === 'forbidden') sim.management.forbidden = true;
  const { client } = managementFor(sim, {}, change === 'forbidden' ? {} : change);
  const caught = await client.count(bySource).catch((err: unknown) => err);
  expect(caught).toBeInstanceOf(SentinelError);
  expect(`${(caught as SentinelError).message} ${(caught as SentinelError).hint ?? ''}`).toMatch(expected);
  expect(client.requests).toBe(1); // not retried: retrying cannot fix it
  client.close();
});

it('refuses a nextLink to another host rather than sending it the token', async () => {
  sim = await seeded(150);
  sim.management.baseUrl = 'https://elsewhere.example';
  const { client } = managementFor(sim, { pageSize: 100 });
  await expect(listAll(client)).rejects.toThrow(/nextLink to another host; it was not followed/);
  expect(sim.requests.filter((r) => r.kind === 'query')).toHaveLength(1);
  client.close();
});
