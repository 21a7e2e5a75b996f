import fs from 'node:fs';
import path from 'node:path';
import { convertIndicator, parseStixPattern, type ConvertOptions, type ConvertResult, type StixIndicator } from '../../../app/stix';
import type { ComparisonExpression, Literal, ObservationExpression } from '../../../app/stix/pattern/ast';
import { createStixValidator } from '../../../app/stix/validate-stix';
import type { TcIndicator, TcIndicatorType } from '../../../sdk/threatconnect/types';

/** Compiled once per test file: compiling the OASIS schemas takes a noticeable fraction of a second. */
const validator = createStixValidator();

export const SOURCE = 'ThreatConnect-Sentinel-Source-Name';
export const NOW = new Date('2026-01-02T03:04:05.678Z');
export const TTL: Record<TcIndicatorType, number> = {
  Address: 24,
  CIDR: 48,
  Host: 72,
  File: 96,
  URL: 120,
  ASN: 144,
  EmailAddress: 168,
  'Email Subject': 192,
  'Registry Key': 216,
};
export const OPTIONS: ConvertOptions = { sourceSystem: SOURCE, ttlHours: TTL, now: NOW };

/** The seed indicators of docs/data-mapping.md, as ThreatConnect's v3 API returns them. */
export function seedIndicator(name: string): TcIndicator {
  const file = path.join(__dirname, '../../fixtures/stix/seed-indicators.json');
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, TcIndicator>;
  const indicator = all[name];
  if (!indicator) throw new Error(`no seed indicator "${name}"`);
  return indicator;
}

/** A minimal indicator of one type with the given value fields. */
export function indicatorOf(type: string, fields: Record<string, unknown>): TcIndicator {
  return {
    id: 1,
    ownerName: 'ABC-Owner',
    type,
    summary: undefined,
    dateAdded: '2024-05-06T07:08:09Z',
    lastModified: '2024-05-06T07:08:09Z',
    ...fields,
  } as unknown as TcIndicator;
}

/** Every literal the pattern compares, in order, with the object path each is compared on. */
export function comparisonsOf(ast: ObservationExpression): Array<{ path: string; operator: string; value: Literal | Literal[] }> {
  const out: Array<{ path: string; operator: string; value: Literal | Literal[] }> = [];
  const visitComparison = (c: ComparisonExpression): void => {
    if (c.kind === 'and' || c.kind === 'or') {
      visitComparison(c.left);
      visitComparison(c.right);
    } else if (c.kind === 'comparison') {
      const steps = c.path.steps.map((s) => (s.kind === 'key' ? `.${s.key}` : `[${s.index}]`)).join('');
      out.push({ path: `${c.path.objectType}:${steps.slice(1)}`, operator: c.operator, value: c.value });
    }
  };
  const visit = (e: ObservationExpression): void => {
    if (e.kind === 'observation') visitComparison(e.comparison);
    else if (e.kind === 'qualified') visit(e.expression);
    else {
      visit(e.left);
      visit(e.right);
    }
  };
  visit(ast);
  return out;
}

/**
 * Asserts that one produced object is a schema-valid STIX 2.1 indicator whose pattern the grammar accepts, and
 * returns the pattern's comparisons. Every test that produces objects goes through here.
 */
export function expectValidStix(object: StixIndicator): ReturnType<typeof comparisonsOf> {
  expect(validator.validate(object)).toEqual([]);
  const parsed = parseStixPattern(object.pattern);
  if (!parsed.ok) throw new Error(`pattern ${JSON.stringify(object.pattern)} does not parse: ${parsed.error.message}`);
  expect(object.valid_until === undefined || object.valid_until > object.valid_from).toBe(true);
  expect(object.created <= object.modified).toBe(true);
  return comparisonsOf(parsed.ast);
}

/** Converts, asserts success and validates every object. */
export function convertValid(indicator: TcIndicator, options: ConvertOptions = OPTIONS): StixIndicator[] {
  const result = convertIndicator(indicator, options);
  if (!result.ok) throw new Error(`expected a conversion, got ${result.error.code}: ${result.error.message}`);
  for (const object of result.objects) expectValidStix(object);
  return result.objects;
}

/** Converts and asserts failure with a readable error carrying the raw indicator; returns the error. */
export function convertInvalid(indicator: TcIndicator, options: ConvertOptions = OPTIONS): Extract<ConvertResult, { ok: false }>['error'] {
  const result = convertIndicator(indicator, options);
  if (result.ok) throw new Error(`expected an error, got ${result.objects.map((o) => o.pattern).join(', ')}`);
  expect(result.error.indicator).toBe(indicator);
  expect(result.error.code).not.toBe('internal-error');
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error;
}

/** The single object of a single-pattern conversion, validated. */
export function convertOne(indicator: TcIndicator, options: ConvertOptions = OPTIONS): StixIndicator {
  const objects = convertValid(indicator, options);
  expect(objects).toHaveLength(1);
  return objects[0] as StixIndicator;
}

/** The value of a string or int literal of a comparison. */
export function literalValue(value: Literal | Literal[]): unknown {
  if (Array.isArray(value)) return value.map((v) => v.value);
  return value.value;
}
