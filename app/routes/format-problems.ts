import type { ErrorObject } from 'ajv';
import type { ProblemDetail } from './api-types';

/** Field-specific wording for "too few items", shown next to the field in the UI. */
const AT_LEAST_ONE: Record<string, string> = {
  owners: 'choose at least one owner',
  indicatorTypes: 'choose at least one indicator type',
};

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
};

function join(base: string, name: string): string {
  return base ? `${base}/${name}` : name;
}

function describe(e: ErrorObject, field: string, root: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      // A query parameter given twice arrives as a list.
      if (root === 'query' && Array.isArray(e.data) && p.type !== 'array') return 'must be given once';
      return `must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}`;
    case 'minItems':
      return p.limit === 1 ? (AT_LEAST_ONE[field] ?? 'must have at least one value') : `must have at least ${String(p.limit)} values`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} values`;
    case 'uniqueItems':
      return 'must not list the same value twice';
    case 'minLength':
      return 'must not be empty';
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'pattern':
      return p.pattern === '\\S' ? 'must not be blank' : `must match ${String(p.pattern)}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'format':
      return `must be a valid ${String(p.format)}`;
    default:
      return e.message ?? 'is not valid';
  }
}

/**
 * Turns ajv's errors into `{path, message}` problems with paths like `queries/1/tql` (the shape the UI maps back
 * to its fields). `root` names the whole document when the problem is with it, e.g. `body`. Needs ajv's
 * `verbose` option (for the data of type errors); after a wrong type, other complaints about that value are noise.
 */
export function formatProblems(errors: ErrorObject[] | null | undefined, root: string): ProblemDetail[] {
  const seen = new Set<string>();
  const wrongType = new Set<string>();
  const problems: ProblemDetail[] = [];
  for (const e of errors ?? []) {
    const base = e.instancePath.replace(/^\//, '');
    const p = e.params as Record<string, unknown>;
    let path = base;
    if (e.keyword === 'required') path = join(base, String(p.missingProperty));
    if (e.keyword === 'additionalProperties') path = join(base, String(p.additionalProperty));
    const field =
      path
        .split('/')
        .filter((s) => !/^\d+$/.test(s))
        .pop() ?? '';
    if (wrongType.has(path)) continue;
    if (e.keyword === 'type') wrongType.add(path);
    const problem = { path: path || root, message: describe(e, field, root) };
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}
