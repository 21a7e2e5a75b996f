import type { AppStack } from '../../../app/testing/start-app-stack';
import type { QueryConfig } from '../../../app/export/types';
import { readIndicator } from '../../../app/stix';
import type { TcIndicator, TcOwner } from '../../../sdk/threatconnect/types';
import { allOf, call, runJob, saveConfig, startStack } from './e2e-kit';

// The App against simulators that answer only what ThreatConnect and Sentinel document: deleted indicators without
// ids, owners in pages, a refused owner, strings that need escaping, a Sentinel that refuses a batch whole, and a
// data set that changes while it is read.
const SOURCE = 'ThreatConnect-Demo';
const stacks: AppStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});

async function stackWith(name: string, options: Parameters<typeof startStack>[1] = {}): Promise<AppStack> {
  const stack = await startStack(name, options);
  stacks.push(stack);
  return stack;
}

/** The STIX ids an indicator becomes (a File: one per hash). */
function stixIds(indicator: TcIndicator): string[] {
  const read = readIndicator(indicator, SOURCE);
  if (!read.ok) throw new Error(`indicator ${indicator.id} does not convert`);
  return read.ids;
}

const revokedIds = (stack: AppStack) =>
  new Set(
    stack.sentinel.store
      .all(SOURCE)
      .filter((o) => o.revoked === true)
      .map((o) => String(o.id)),
  );
const errorsOf = async (stack: AppStack, requestId: string, step?: string) =>
  (
    await call<{ items: Array<{ message: string; raw: unknown }> }>(
      stack,
      'GET',
      `api/errors?requestId=${requestId}${step ? `&step=${step}` : ''}&pageSize=100`,
    )
  ).json.items;

describe('deletions reported without ids', () => {
  it('a delta revokes exactly what ThreatConnect deleted, matched by owner, type and summary (a File by each of its hashes)', async () => {
    const stack = await stackWith('fidelity-deleted', { tc: { indicatorCount: 400, seed: 31, duplicateShare: 0 } });
    await saveConfig(stack, [allOf(stack)]);
    expect((await runJob(stack, 'full')).status).toBe('Upload Complete');
    const byType = new Map<string, TcIndicator>();
    for (let id = 1; id <= 400 && byType.size < 9; id += 1) {
      const indicator = stack.tc.getIndicator(id);
      if (!indicator || byType.has(indicator.type) || !readIndicator(indicator, SOURCE).ok || indicator.active === false) continue;
      if (indicator.type === 'File' && !(indicator.md5 && indicator.sha256)) continue;
      byType.set(indicator.type, indicator);
    }
    expect(byType.size).toBe(9);
    const expected = new Set([...byType.values()].flatMap(stixIds));
    for (const indicator of byType.values()) stack.tc.deleteIndicator(indicator.id);
    const delta = await runJob(stack, 'delta');
    expect(delta.status).toBe('Upload Complete');
    expect(delta.counts.revoked).toBe(expected.size);
    expect(revokedIds(stack)).toEqual(expected);
  }, 60_000);
});

describe('owners beyond the first page', () => {
  it('accepts and exports configurations naming owners that come on the second page of 130', async () => {
    const owners: TcOwner[] = Array.from({ length: 130 }, (_, i) => ({
      id: i + 1,
      name: `Owner ${String(i + 1).padStart(3, '0')}`,
      type: i === 0 ? 'Organization' : 'Source',
    }));
    const stack = await stackWith('fidelity-owners', { tc: { indicatorCount: 2600, seed: 32, owners } });
    const listed = (await call<TcOwner[]>(stack, 'GET', 'api/owners')).json;
    expect(listed.map((o) => o.name)).toEqual(owners.map((o) => o.name));
    const wanted = ['Owner 120', 'Owner 130'];
    await saveConfig(stack, [{ ...allOf(stack), owners: wanted }]);
    const job = await runJob(stack, 'full');
    expect(job.status).toBe('Upload Complete');
    expect(job.counts.uploaded).toBeGreaterThan(0);
    const names = new Set(stack.sentinel.store.all(SOURCE).map((o) => String(o.name).split(' | ').pop()));
    expect(names).toEqual(new Set(wanted));
  }, 60_000);
});

describe('an owner whose name needs escaping in TQL', () => {
  it('exports the indicators of "O\'Brien \\"Intel\\" `Feed` \\\\ Ltd"', async () => {
    const name = 'O\'Brien "Intel" `Feed` \\ Ltd';
    const owners: TcOwner[] = [
      { id: 1, name: 'Demo Organization', type: 'Organization' },
      { id: 2, name, type: 'Source' },
    ];
    const stack = await stackWith('fidelity-apostrophe', { tc: { indicatorCount: 200, seed: 33, owners, duplicateShare: 0 } });
    await saveConfig(stack, [{ ...allOf(stack), owners: [name] }]);
    const job = await runJob(stack, 'full');
    expect(job.status).toBe('Upload Complete');
    expect(job.counts.uploaded).toBeGreaterThan(20);
    expect(new Set(stack.sentinel.store.all(SOURCE).map((o) => String(o.name).split(' | ').pop()))).toEqual(new Set([name]));
  }, 60_000);
});

describe('an owner ThreatConnect refuses', () => {
  it.each([
    ['listed but refused (403)', { listed: true }, '403', /^ThreatConnect refused access to owner "Abuse Feed Source" \(403\)/],
    ['no longer listed, named in TQL: 403', { listed: false }, '403', /^ThreatConnect no longer lists owner "Abuse Feed Source" for the API user/],
    ['no longer listed, named in TQL: nothing found', { listed: false }, 'empty', /^ThreatConnect no longer lists owner "Abuse Feed Source" for the API user/],
  ] as const)(
    '%s: reported by name; the job exports the other owners, completes, and revokes nothing of it',
    async (_name, access, answer, message) => {
      const stack = await stackWith(`fidelity-403-${answer}-${String(access.listed)}`, { tc: { indicatorCount: 300, seed: 34, duplicateShare: 0 } });
      const config: QueryConfig = { ...allOf(stack), owners: ['Demo Organization', 'Abuse Feed Source'] };
      await saveConfig(stack, [config]);
      const first = await runJob(stack, 'full');
      const before = stack.sentinel.store.size;
      stack.tc.setRefusedOwnerAnswer(answer);
      stack.tc.setOwnerAccess('Abuse Feed Source', false, access);
      const second = await runJob(stack, 'full');
      expect(second.status).toBe('Upload Complete');
      expect(second.counts.revoked).toBe(0);
      expect(revokedIds(stack).size).toBe(0);
      expect(second.counts.uploaded).toBeGreaterThan(0);
      expect(second.counts.uploaded).toBeLessThan(first.counts.uploaded);
      expect(stack.sentinel.store.size).toBe(before);
      const errors = await errorsOf(stack, second.requestId, 'download');
      expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
      const delta = await runJob(stack, 'delta');
      expect(delta.status).toBe('Upload Complete');
      expect(revokedIds(stack).size).toBe(0);
    },
    60_000,
  );
});

describe('objects Sentinel would refuse', () => {
  it('a batch Sentinel refuses whole is sent again in halves: the refused object lands in REPORTS, the others arrive', async () => {
    const stack = await stackWith('fidelity-split', { tc: { indicatorCount: 250, seed: 36 } });
    await saveConfig(stack, [allOf(stack)]);
    const reference = await runJob(stack, 'full');
    const all = stack.sentinel.store.all(SOURCE).map((o) => String(o.id));
    const refused = all[37]!;
    stack.sentinel.store.clear();
    Object.assign(stack.sentinel.settings, { refuseIds: [refused], refusedBatch: 'whole-batch' });
    const job = await runJob(stack, 'full');
    expect(job.status).toBe('Upload Complete');
    expect(job.counts.rejected).toBe(1);
    expect(job.counts.uploaded).toBe(reference.counts.uploaded - 1);
    expect(new Set(stack.sentinel.store.all(SOURCE).map((o) => String(o.id)))).toEqual(new Set(all.filter((id) => id !== refused)));
    const errors = await errorsOf(stack, job.requestId, 'upload');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/Sentinel rejected the object: Sentinel refused the upload request as malformed \(400\)/);
    expect(JSON.stringify(errors[0]!.raw)).toContain(refused);
    // One 400 for the whole batch, then one per halving down to the object (100 → 50 → … → 1): at most 8.
    const refusals = stack.sentinel.requests.filter((r) => r.kind === 'upload' && r.status === 400);
    expect(refusals.length).toBeGreaterThanOrEqual(7);
    expect(refusals.length).toBeLessThanOrEqual(8);
    expect(refusals.at(-1)!.objects).toBe(1);
  }, 60_000);

  it('a 400 that every object gets alone is about the request: the job stops with Sentinel’s answer', async () => {
    const stack = await stackWith('fidelity-bad-request', { tc: { indicatorCount: 40, seed: 37 } });
    await saveConfig(stack, [allOf(stack)]);
    await runJob(stack, 'full');
    const all = stack.sentinel.store.all(SOURCE).map((o) => String(o.id));
    Object.assign(stack.sentinel.settings, { refuseIds: all });
    const job = await runJob(stack, 'full');
    expect(job.status).toBe('Failed');
    expect(job.error).toMatch(/Sentinel refused the upload request as malformed \(400\)/);
  }, 60_000);
});

describe('a data set that changes while it is read', () => {
  it.each([
    ['rating', 'desc', 50_000],
    ['dateAdded', 'asc', 10_000],
    ['lastModified', 'desc', 10_000],
  ] as const)(
    'by %s %s over %d indicators: nothing skipped, nothing sent twice',
    async (sortField, sortDirection, count) => {
      const stack = await stackWith(`fidelity-keyset-${sortField}`, {
        tc: { indicatorCount: count, seed: 38, unratedShare: 0.05, duplicateShare: 0 },
        sentinel: { settings: { windowMs: 200 } },
        app: { limits: { windowMs: 200 } },
      });
      await saveConfig(stack, [{ ...allOf(stack), sortField, sortDirection, tql: 'indicatorActive = true or indicatorActive = false' }]);
      const sim = stack.tc;
      let page = 0;
      let nextNew = 0;
      const deleted = new Set<number>();
      const rng = (() => {
        let x = 12345;
        return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
      })();
      sim.beforeEachPage(() => {
        page += 1;
        if (page < 2 || page > Math.floor(count / 1000) - 5) return;
        for (let k = 0; k < 20; k += 1) {
          const id = 1 + Math.floor(rng() * count);
          if (deleted.has(id) || !sim.getIndicator(id)) continue;
          if (k % 3 === 0) {
            sim.deleteIndicator(id);
            deleted.add(id);
          } else {
            sim.updateIndicator(id, { rating: k % 2 === 0 ? 5 : 0, confidence: 50 });
          }
        }
        for (let k = 0; k < 5; k += 1) {
          nextNew += 1;
          sim.addIndicator({
            type: 'Host',
            hostName: `added-${nextNew}.example`,
            ownerName: 'Common Community',
            rating: 1 + (nextNew % 5),
            confidence: 10,
          } as never);
        }
      });
      try {
        const job = await runJob(stack, 'full', 240_000);
        expect(job.status).toBe('Upload Complete');
      } finally {
        sim.beforeEachPage(undefined);
      }
      expect(page).toBeGreaterThan(Math.floor(count / 1000));
      // Every indicator there at the end (and convertible) is in Sentinel; nothing there but those and the deleted.
      const live: string[] = [];
      for (let id = 1; id <= count + nextNew; id += 1) {
        const indicator = sim.getIndicator(id);
        if (!indicator) continue;
        const read = readIndicator(indicator, SOURCE);
        if (read.ok) live.push(...read.ids);
      }
      const stored = new Set(stack.sentinel.store.all(SOURCE).map((o) => String(o.id)));
      expect(live.filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBeLessThanOrEqual(new Set(live).size + deleted.size * 3);
      // Each object went up once.
      expect(stack.sentinel.store.updated + stack.sentinel.store.stale).toBe(0);
    },
    300_000,
  );
});
