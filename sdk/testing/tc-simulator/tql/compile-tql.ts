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

/**
 * Parameters whose string values compare case-insensitively (OPTIONS type `StringLower`). ThreatConnect's TQL
 * documentation says `String` parameters compare case-sensitively and `StringLower` ones do not, but which
 * indicator parameters are `StringLower` is not documented (its one example is a tag's `summary`): none here,
 * so every string comparison is case-sensitive.
 */
export const CASE_INSENSITIVE_FIELDS: ReadonlySet<string> = new Set<string>();

/** TQL parameters of indicators (lower-cased). A missing number (an unset rating) is null: only `is null` meets it. */
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

function likeRegExp(pattern: string, fold: boolean): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, fold ? 'is' : 's');
}

function literalText(lit: TqlLiteral): string {
  return String(lit.value);
}

/** How a string parameter's values are compared: as they are, or folded to lower case. */
const textOf = (fold: boolean) => (fold ? (v: unknown) => String(v ?? '').toLowerCase() : (v: unknown) => String(v ?? ''));

function literalOf(kind: Kind, lit: TqlLiteral, field: string, pos: number, fold = false): unknown {
  if (kind === 'string' || kind === 'strings') return textOf(fold)(literalText(lit));
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

/** A test of one scalar value against one operator and literal; a missing value (null) meets none of them. */
function scalarTest(kind: Kind, op: TqlOperator, expected: unknown, fold: boolean): (value: unknown) => boolean {
  const text = textOf(fold);
  if (TEXT_OPS.has(op)) {
    const wanted = expected as string;
    if (op === 'like') {
      const re = likeRegExp(wanted, fold);
      return (v) => re.test(String(v ?? ''));
    }
    if (op === 'contains') return (v) => text(v).includes(wanted);
    if (op === 'startswith') return (v) => text(v).startsWith(wanted);
    return (v) => text(v).endsWith(wanted);
  }
  const norm = kind === 'string' || kind === 'strings' ? text : (v: unknown) => v;
  const test = (() => {
    switch (op) {
      case '=':
        return (v: unknown) => norm(v) === expected;
      case '!=':
        return (v: unknown) => norm(v) !== expected;
      case '>':
        return (v: unknown) => (norm(v) as number) > (expected as number);
      case '<':
        return (v: unknown) => (norm(v) as number) < (expected as number);
      case '>=':
        return (v: unknown) => (norm(v) as number) >= (expected as number);
      default:
        return (v: unknown) => (norm(v) as number) <= (expected as number);
    }
  })();
  return kind === 'number' ? (v) => v !== undefined && v !== null && test(v) : test;
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
      if (field.kind === 'date' || field.kind === 'boolean') throw new TqlError(`${node.field} cannot be null`, node.pos);
      const isNull =
        field.kind === 'strings' ? (v: unknown) => (v as readonly string[]).length === 0 : (v: unknown) => v === undefined || v === null || v === '';
      return (s) => isNull(field.get(s)) !== node.negate;
    }
    case 'in': {
      const field = lookup(fields, node.field, node.pos);
      if (field.kind === 'date' || field.kind === 'boolean') throw new TqlError(`'in' does not apply to ${node.field}`, node.pos);
      const fold = CASE_INSENSITIVE_FIELDS.has(node.field.toLowerCase());
      const set = new Set(node.values.map((v) => literalOf(field.kind, v, node.field, node.pos, fold)));
      const norm = field.kind === 'number' ? (v: unknown) => v : textOf(fold);
      const member = (v: unknown) => v !== undefined && v !== null && set.has(norm(v));
      // A null is in no list, and `not in` a list does not meet it either (SQL's three-valued logic).
      return field.kind === 'number' && node.negate ? (s) => field.get(s) !== undefined && !member(field.get(s)) : onField(field, member, node.negate);
    }
    case 'compare': {
      const field = lookup(fields, node.field, node.pos);
      const text = field.kind === 'string' || field.kind === 'strings';
      if (
        (TEXT_OPS.has(node.op) && !text) ||
        (ORDER_OPS.has(node.op) && field.kind === 'strings') ||
        (field.kind === 'boolean' && node.op !== '=' && node.op !== '!=')
      ) {
        throw new TqlError(`operator '${node.op}' does not apply to ${node.field}`, node.pos);
      }
      const fold = CASE_INSENSITIVE_FIELDS.has(node.field.toLowerCase());
      const expected = TEXT_OPS.has(node.op) ? textOf(fold)(literalText(node.value)) : literalOf(field.kind, node.value, node.field, node.pos, fold);
      // On `tag`, "!=" and "not …" mean "no tag matches", not "some tag differs".
      const negate = node.negate || (field.kind === 'strings' && node.op === '!=');
      const op: TqlOperator = field.kind === 'strings' && node.op === '!=' ? '=' : node.op;
      const test = scalarTest(field.kind, op, expected, fold);
      // `not` of a comparison with a null is still not met.
      return field.kind === 'number' && negate ? (s) => field.get(s) !== undefined && !test(field.get(s)) : onField(field, test, negate);
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
  /** The parsed query (what the query engine reads a keyset cursor from). */
  tree: TqlNode;
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
  return { test: compileNode(tree, INDICATOR_FIELDS), tree, mentionsActive: mentionsActive(tree) };
}
