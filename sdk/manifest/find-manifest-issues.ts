import Ajv, { type ErrorObject } from 'ajv';
import { INSTALL_JSON_SCHEMA, LAYOUT_JSON_SCHEMA } from './schemas';
import type { InstallJson, InstallParam, LayoutJson } from './types';

/** A check an app declares for one of its params (also used on the param's default). Returns a problem, or undefined. */
export type ParamRule = (value: unknown) => string | undefined;

export interface ManifestCheckOptions {
  /** The app's own rules by param name (e.g. "a positive number"); a default that breaks its rule is a problem. */
  rules?: Readonly<Record<string, ParamRule>>;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validateInstall = ajv.compile(INSTALL_JSON_SCHEMA);
const validateLayout = ajv.compile(LAYOUT_JSON_SCHEMA);

function schemaIssues(file: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '' : ` at ${e.instancePath}`;
    const extra = e.keyword === 'additionalProperties' ? ` ("${String((e.params as { additionalProperty: string }).additionalProperty)}")` : '';
    const allowed = e.keyword === 'enum' ? ` (one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    return `${file}${where}: ${e.message ?? 'is invalid'}${extra}${allowed}`;
  });
}

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  const dups = new Set<T>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}

const isPlaceholder = (v: string) => /^\$\{[A-Z_:]+\}$/.test(v);

function defaultIssues(p: InstallParam, delimiter: string, rules: Readonly<Record<string, ParamRule>>): string[] {
  const issues: string[] = [];
  const at = `install.json param "${p.name}"`;
  const d = p.default;
  if (p.hidden && p.required && d === undefined) issues.push(`${at} is required and hidden but has no default, so nobody can give it a value`);
  if (d === undefined) return issues;
  if (p.type === 'Boolean' && typeof d !== 'boolean' && d !== 'true' && d !== 'false')
    issues.push(`${at}: a Boolean's default must be true or false, got ${JSON.stringify(d)}`);
  if (p.required && typeof d === 'string' && d.trim() === '') issues.push(`${at} is required but its default is empty`);
  const valid = (p.validValues ?? []).filter((v) => !isPlaceholder(v));
  if ((p.type === 'Choice' || p.type === 'MultiChoice') && valid.length > 0 && valid.length === (p.validValues ?? []).length) {
    const chosen = p.type === 'MultiChoice' ? String(d).split(delimiter).filter(Boolean) : [String(d)];
    for (const c of chosen) if (!valid.includes(c)) issues.push(`${at}: default "${c}" is not one of its validValues (${valid.join(', ')})`);
  }
  const rule = rules[p.name];
  const broken = rule?.(d);
  if (broken) issues.push(`${at}: default ${JSON.stringify(d)} breaks its own rule: ${broken}`);
  return issues;
}

function paramIssues(install: InstallJson, options: ManifestCheckOptions): string[] {
  const issues: string[] = [];
  const params = install.params;
  for (const name of duplicates(params.map((p) => p.name))) issues.push(`install.json: param name "${name}" is used more than once`);
  const sequences = params.map((p) => p.sequence).filter((s): s is number => s !== undefined);
  for (const seq of duplicates(sequences)) issues.push(`install.json: sequence ${seq} is used by more than one param`);
  const delimiter = install.listDelimiter ?? '|';
  for (const p of params) {
    const at = `install.json param "${p.name}"`;
    if (p.encrypt && p.type !== 'String' && p.type !== 'KeyValueList') issues.push(`${at}: encrypt is only allowed on String params, not ${p.type}`);
    if ((p.type === 'Choice' || p.type === 'MultiChoice') && (p.validValues ?? []).length === 0) issues.push(`${at}: a ${p.type} needs validValues`);
    if (p.validValues && duplicates(p.validValues).length > 0) issues.push(`${at}: validValues repeat ${duplicates(p.validValues).join(', ')}`);
    if (install.runtimeLevel === 'ApiService' && p.serviceConfig !== true) issues.push(`${at}: an ApiService's params must have serviceConfig: true`);
    issues.push(...defaultIssues(p, delimiter, options.rules ?? {}));
  }
  for (const name of Object.keys(options.rules ?? {})) {
    if (!params.some((p) => p.name === name)) issues.push(`install.json: the app has a rule for "${name}" but no such param exists`);
  }
  if (install.runtimeLevel === 'ApiService' && !install.displayPath)
    issues.push('install.json: an ApiService needs a displayPath (the URL segment of the service)');
  return issues;
}

function layoutIssues(install: InstallJson, layout: LayoutJson): string[] {
  const issues: string[] = [];
  const names = new Set(install.params.map((p) => p.name));
  const listed = layout.inputs.flatMap((s) => s.parameters.map((p) => p.name));
  for (const name of listed) if (!names.has(name)) issues.push(`layout.json: "${name}" is not a param in install.json`);
  for (const name of duplicates(listed)) issues.push(`layout.json: "${name}" appears in more than one place`);
  for (const seq of duplicates(layout.inputs.map((s) => s.sequence))) issues.push(`layout.json: section sequence ${seq} is used more than once`);
  for (const title of duplicates(layout.inputs.map((s) => s.title))) issues.push(`layout.json: section title "${title}" is used more than once`);
  for (const p of install.params) if (!p.hidden && !listed.includes(p.name)) issues.push(`layout.json: param "${p.name}" is in no section`);
  return issues;
}

/**
 * Every problem with install.json (and layout.json when given): schema errors, duplicate names or sequences, layout
 * names that don't exist, encrypt on a non-String, defaults that break their own rule… An empty list means valid.
 * @example const issues = findManifestIssues(install, layout, { rules: APP_INPUT_RULES });
 */
export function findManifestIssues(install: unknown, layout?: unknown, options: ManifestCheckOptions = {}): string[] {
  if (!validateInstall(install)) {
    return [
      ...schemaIssues('install.json', validateInstall.errors),
      ...(layout === undefined || validateLayout(layout) ? [] : schemaIssues('layout.json', validateLayout.errors)),
    ];
  }
  const issues = paramIssues(install as InstallJson, options);
  if (layout === undefined) return issues;
  if (!validateLayout(layout)) return [...issues, ...schemaIssues('layout.json', validateLayout.errors)];
  return [...issues, ...layoutIssues(install as InstallJson, layout as LayoutJson)];
}
