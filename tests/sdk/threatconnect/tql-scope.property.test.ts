import fc from 'fast-check';
import { buildIndicatorTql, checkTqlSyntax } from '../../../sdk/threatconnect';
import { compileTql, TqlError } from '../../../sdk/testing/tc-simulator';
import { ObjectFacts } from '../../../sdk/testing/tc-simulator/indicator-facts';
import type { TcIndicator } from '../../../sdk/threatconnect/types';

// Whatever a user writes as TQL, the query the App composes from it returns only the owners and types the
// configuration chose and, in a delta, only what changed in the window: a text that passes the lexical check
// cannot leave its parentheses. Checked against the simulator's TQL engine, which reads TQL as ThreatConnect's
// documentation describes it (quotes, escapes, and/or precedence, parentheses).
const OWNERS = ['Chosen Org', 'Other Org', 'O\'Brien "Feed"'];
const TYPES = ['Host', 'Address', 'URL'];
const SINCE = new Date('2025-06-01T00:00:00Z');

/** Well-formed TQL, `or` at the top included (what would leak without the parentheses around it). */
const clause = fc.oneof(
  fc
    .tuple(fc.constantFrom('rating', 'confidence', 'id'), fc.constantFrom('=', '!=', '>', '<', '>=', '<='), fc.integer({ min: 0, max: 5 }))
    .map((p) => p.join(' ')),
  fc
    .tuple(
      fc.constantFrom('typeName', 'ownerName', 'summary', 'tag'),
      fc.constantFrom('=', '!=', 'contains'),
      fc.constantFrom('"Other Org"', '"Address"', '"x"', "'Chosen Org'", '"it\\\'s"', '"a) or (b"', '"URL"'),
    )
    .map((p) => p.join(' ')),
  fc.constantFrom(
    'typeName in ("Address", "URL")',
    'ownerName in ("Other Org", "Chosen Org")',
    'lastModified < "2020-01-01 00:00:00"',
    'rating is null',
    'indicatorActive = true',
    'hasTag(name = "x")',
  ),
);
const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    clause,
    fc.tuple(tie('expr'), fc.constantFrom('and', 'or', 'OR'), tie('expr')).map((p) => p.join(' ')),
    tie('expr').map((e) => `(${e as string})`),
  ),
}));
/** What an attacker adds: text that would close the App's parenthesis, open a quote, escape one… */
const attack = fc.constantFrom(') or (', ') or 1 = 1 or (', ')', '(', '"', "'", '\\', '`', '\\"', '") or ("', ') OR rating >= 0 OR (');
const userTql = fc.oneof(
  expr as fc.Arbitrary<string>,
  fc.tuple(expr as fc.Arbitrary<string>, attack, expr as fc.Arbitrary<string>).map(([a, x, b]) => `${a} ${x} ${b}`),
  fc.array(fc.oneof(attack, clause, fc.constantFrom('and', 'or')), { minLength: 1, maxLength: 8 }).map((p) => p.join(' ')),
);

const indicator = fc.record({
  id: fc.integer({ min: 1, max: 10_000 }),
  ownerName: fc.constantFrom(...OWNERS),
  type: fc.constantFrom(...TYPES),
  summary: fc.constantFrom('x', 'evil.example', '1.2.3.4', "it's"),
  rating: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  confidence: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  lastModified: fc
    .date({ min: new Date('2019-01-01'), max: new Date('2026-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
  tags: fc.constantFrom([], ['x'], ['APT', 'x']),
});

type Generated = typeof indicator extends fc.Arbitrary<infer T> ? T : never;

function factsOf(i: Generated): ObjectFacts {
  return new ObjectFacts({
    ...i,
    dateAdded: '2018-01-01T00:00:00Z',
    active: true,
    tags: { data: i.tags.map((name: string, n: number) => ({ id: n, name })) },
  } as unknown as TcIndicator);
}

it('a composed query never reaches an owner, type or time the configuration did not choose', () => {
  let compiled = 0;
  fc.assert(
    fc.property(userTql, fc.boolean(), fc.array(indicator, { minLength: 1, maxLength: 30 }), (tql, delta, indicators) => {
      if (checkTqlSyntax(tql) !== undefined) {
        // Refused before composing: the App never sends it.
        expect(() => buildIndicatorTql({ userTql: tql, types: ['Host'], ownerNames: ['Chosen Org'] })).toThrow(/cannot be used/);
        return;
      }
      const composed = buildIndicatorTql({ userTql: tql, types: ['Host'], ownerNames: ['Chosen Org'], ...(delta ? { modifiedSince: SINCE } : {}) });
      let query: ReturnType<typeof compileTql>;
      try {
        query = compileTql(composed);
      } catch (err) {
        if (err instanceof TqlError) return; // ThreatConnect would answer 400: nothing is read
        throw err;
      }
      compiled += 1;
      for (const i of indicators) {
        if (!query.test(factsOf(i))) continue;
        expect(i.ownerName).toBe('Chosen Org');
        expect(i.type).toBe('Host');
        if (delta) expect(Date.parse(i.lastModified)).toBeGreaterThan(SINCE.getTime());
      }
    }),
    { numRuns: 3000, seed: 19 },
  );
  expect(compiled).toBeGreaterThan(100); // the property was exercised on queries ThreatConnect would run
});

it.each([
  ['rating >= 0) or (rating >= 0', 11],
  ['rating >= 0 or ownerName = "x") or (1 = 1', 30],
  ['summary = "a" ) or ( rating > 0', 14],
  ['(rating > 0', 0],
  ['summary = "unclosed', 10],
  ['summary = `x`', 10],
  ['summary = \\"x\\"', 10],
])('refuses %j at index %d', (tql, position) => {
  expect(checkTqlSyntax(tql)).toMatchObject({ position });
});

it.each(['rating >= 3', 'summary = "a) or (b"', "summary = 'it\\'s' and (rating > 1 or confidence < 5)", 'hasTag(name = "x")', 'summary = "a \\\\ b"'])(
  'accepts %j',
  (tql) => {
    expect(checkTqlSyntax(tql)).toBeUndefined();
  },
);
