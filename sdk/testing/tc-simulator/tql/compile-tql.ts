import type { IndicatorFacts } from '../indicator-facts';
import { parseTql, type TqlLiteral, type TqlNode, type TqlOperator } from './parse-tql';
import { parseTqlDate } from './parse-tql-date';
import { TqlError } from './tql-error';

type Kind = 'string' | 'strings' | 'number' | 'date' | 'boolean';
interface Field<S> {
  kind: Kind;
  get: (subject: S) => unknown;
}
type FieldTable<S> = Record<string, Field<S>>;

/** TQL parameters of indicators (lower-cased); values compare case-insensitively. */
const INDICATOR_FIELDS: FieldTable<IndicatorFacts> = {
  id: { kind: 'number', get: (f) => f.id() },
  typename: { kind: 'string', get: (f) => f.typeName() },
  ownername: { kind: 'string', get: (f) => f.ownerName() },
  summary: { kind: 'string', get: (f) => f.summary() },
  tag: { kind: 'strings', get: (f) => f.tags() },
  lastmodified: { kind: 'date', get: (f) => f.lastModified() },
  dateadded: { kind: 'date', get: (f) => f.dateAdded() },
  rating: { kind: 'number', get: (f) => f.rating() },
  confidence: { kind: 'number', get: (f) => f.confidence() },
  threatassessscore: { kind: 'number', get: (f) => f.threatAssessScore() },
  indicatoractive: { kind: 'boolean', get: (f) => f.active() },
};

/** Inside `hasTag(…)` the subject is one tag name. */
const TAG_FIELDS: FieldTable<string> = { name: { kind: 'string', get: (name) => name } };

const ORDER_OPS = new Set<TqlOperator>(['>', '<', '>=', '<=']);
const TEXT_OPS = new Set<TqlOperator>(['like', 'contains', 'startswith', 'endswith']);

function likeRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function literalText(lit: TqlLiteral): string {
  return String(lit.value);
}

function literalOf(kind: Kind, lit: TqlLiteral, field: string, pos: number): unknown {
  if (kind === 'string' || kind === 'strings') return literalText(lit).toLowerCase();
  if (kind === 'number') {
    const n = lit.type === 'boolean' ? NaN : Number(lit.value);
    if (!Number.isFinite(n)) throw new TqlError(`${field} needs a number, not ${JSON.stringify(lit.value)}`, pos);
    return n;
  }
  if (kind === 'date') {
    const ms = lit.type === 'string' ? parseTqlDate(lit.value) : undefined;
    if (ms === undefined) throw new TqlError(`${field} needs a date such as "2024-01-31 13:45:00", not ${JSON.stringify(lit.value)}`, pos);
    return ms;
  }
  const b = lit.type === 'boolean' ? lit.value : lit.type === 'string' ? { true: true, false: false }[lit.value.toLowerCase()] : undefined;
  if (b === undefined) throw new TqlError(`${field} needs true or false`, pos);
  return b;
}

/** A test of one scalar value against one operator and literal. */
function scalarTest(kind: Kind, op: TqlOperator, expected: unknown): (value: unknown) => boolean {
  if (TEXT_OPS.has(op)) {
    const text = expected as string;
    if (op === 'like') {
      const re = likeRegExp(text);
      return (v) => re.test(String(v ?? ''));
    }
    if (op === 'contains') return (v) => String(v ?? '').toLowerCase().includes(text);
    if (op === 'startswith') return (v) => String(v ?? '').toLowerCase().startsWith(text);
    return (v) => String(v ?? '').toLowerCase().endsWith(text);
  }
  const norm = kind === 'string' || kind === 'strings' ? (v: unknown) => String(v ?? '').toLowerCase() : (v: unknown) => v;
  switch (op) {
    case '=':
      return (v) => norm(v) === expected;
    case '!=':
      return (v) => norm(v) !== expected;
    case '>':
      return (v) => (norm(v) as number) > (expected as number);
    case '<':
      return (v) => (norm(v) as number) < (expected as number);
    case '>=':
      return (v) => (norm(v) as number) >= (expected as number);
    default:
      return (v) => (norm(v) as number) <= (expected as number);
  }
}

function lookup<S>(fields: FieldTable<S>, name: string, pos: number): Field<S> {
  const field = fields[name.toLowerCase()];
  if (!field) throw new TqlError(`unknown parameter '${name}'`, pos);
  return field;
}

/** Applies a scalar test to a field, or for the multi-valued `tag` asks whether any value passes. */
function onField<S>(field: Field<S>, test: (value: unknown) => boolean, negate: boolean): (s: S) => boolean {
  if (field.kind === 'strings') return (s) => (field.get(s) as readonly string[]).some(test) !== negate;
  return (s) => test(field.get(s)) !== negate;
}

function compileNode<S>(node: TqlNode, fields: FieldTable<S>): (s: S) => boolean {
  switch (node.kind) {
    case 'and': {
      const [l, r] = [compileNode(node.left, fields), compileNode(node.right, fields)];
      return (s) => l(s) && r(s);
    }
    case 'or': {
      const [l, r] = [compileNode(node.left, fields), compileNode(node.right, fields)];
      return (s) => l(s) || r(s);
    }
    case 'call': {
      if (node.name.toLowerCase() !== 'hastag' || fields !== (INDICATOR_FIELDS as unknown)) {
        throw new TqlError(`unknown function '${node.name}'`, node.pos);
      }
      const inner = compileNode(node.inner, TAG_FIELDS);
      return (s) => (s as IndicatorFacts).tags().some(inner);
    }
    case 'null': {
      const field = lookup(fields, node.field, node.pos);
      if (field.kind !== 'string' && field.kind !== 'strings') throw new TqlError(`${node.field} cannot be null`, node.pos);
      const isNull = field.kind === 'strings' ? (v: unknown) => (v as readonly string[]).length === 0 : (v: unknown) => v === undefined || v === '';
      return (s) => isNull(field.get(s)) !== node.negate;
    }
    case 'in': {
      const field = lookup(fields, node.field, node.pos);
      if (field.kind === 'date' || field.kind === 'boolean') throw new TqlError(`'in' does not apply to ${node.field}`, node.pos);
      const set = new Set(node.values.map((v) => literalOf(field.kind, v, node.field, node.pos)));
      const norm = field.kind === 'number' ? (v: unknown) => v : (v: unknown) => String(v ?? '').toLowerCase();
      return onField(field, (v) => set.has(norm(v)), node.negate);
    }
    case 'compare': {
      const field = lookup(fields, node.field, node.pos);
      const text = field.kind === 'string' || field.kind === 'strings';
      if ((TEXT_OPS.has(node.op) && !text) || (ORDER_OPS.has(node.op) && text) || (field.kind === 'boolean' && node.op !== '=' && node.op !== '!=')) {
        throw new TqlError(`operator '${node.op}' does not apply to ${node.field}`, node.pos);
      }
      const expected = TEXT_OPS.has(node.op) ? literalText(node.value).toLowerCase() : literalOf(field.kind, node.value, node.field, node.pos);
      // On `tag`, "!=" and "not …" mean "no tag matches", not "some tag differs".
      const negate = node.negate || (field.kind === 'strings' && node.op === '!=');
      const op: TqlOperator = field.kind === 'strings' && node.op === '!=' ? '=' : node.op;
      return onField(field, scalarTest(field.kind, op, expected), negate);
    }
  }
}

/** True when the query mentions `indicatorActive` (then inactive indicators are not filtered out by default). */
function mentionsActive(node: TqlNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return mentionsActive(node.left) || mentionsActive(node.right);
    case 'call':
      return false;
    default:
      return node.field.toLowerCase() === 'indicatoractive';
  }
}

export interface CompiledTql {
  test: (facts: IndicatorFacts) => boolean;
  /** Whether the query itself decides about inactive indicators. */
  mentionsActive: boolean;
}

/**
 * Compiles TQL into a predicate over indicator facts; throws TqlError for syntax errors, unknown parameters,
 * operators that do not fit a parameter, and values of the wrong kind (a bad date, a word where a number goes).
 * @example compileTql('rating >= 3 and hasTag(name = "APT")').test(facts)
 */
export function compileTql(source: string): CompiledTql {
  const tree = parseTql(source);
  return { test: compileNode(tree, INDICATOR_FIELDS), mentionsActive: mentionsActive(tree) };
}
