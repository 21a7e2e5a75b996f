import fs from 'node:fs';
import type { ParamRule } from '../manifest/find-manifest-issues';
import type { InstallJson, InstallParam } from '../manifest/types';
import { coerceParam, coercePlatformInput, isBlank } from './coerce-input';
import { parseInputsJson, readParamFile } from './param-file';
import { PLATFORM_INPUTS } from './platform-inputs';

export interface InputProblem {
  /** The param's name (as in install.json or the platform's input list). */
  name: string;
  /** The param's label, when it has one. */
  label?: string;
  problem: string;
}

/** Inputs that cannot be used; lists every problem, each naming its param. Never carries a value of a secret. */
export class InputsError extends Error {
  constructor(readonly problems: InputProblem[]) {
    const list = problems.map((p) => `${p.name}${p.label ? ` (${p.label})` : ''} ${p.problem}`);
    super(`Invalid inputs (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${list.join('; ')}`);
    this.name = 'InputsError';
  }
}

export interface InputSources {
  /** Where TC_APP_PARAM_FILE / TC_APP_PARAM_KEY are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A plain JSON inputs file for local runs (used when there is no param file). */
  inputsFile?: string;
  /** Values laid over whatever was read (command-line flags, tests). */
  overrides?: Record<string, unknown>;
}

/** The raw inputs: the encrypted param file when the environment names one, else the local inputs file. */
export function readRawInputs(sources: InputSources): { raw: Record<string, unknown>; source: string } {
  const env = sources.env ?? process.env;
  const file = env.TC_APP_PARAM_FILE;
  let raw: Record<string, unknown>;
  let source: string;
  if (file) {
    const key = env.TC_APP_PARAM_KEY;
    if (!key) throw new Error('TC_APP_PARAM_FILE is set but TC_APP_PARAM_KEY is not');
    raw = readParamFile(file, key);
    source = 'param file';
  } else if (sources.inputsFile) {
    let text: string;
    try {
      text = fs.readFileSync(sources.inputsFile, 'utf8');
    } catch (err) {
      throw new Error(`the inputs file ${sources.inputsFile} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
    raw = parseInputsJson(text, `the inputs file ${sources.inputsFile}`);
    source = sources.inputsFile;
  } else {
    throw new Error('no inputs: set TC_APP_PARAM_FILE and TC_APP_PARAM_KEY, or pass --inputs <file>');
  }
  return { raw: { ...raw, ...sources.overrides }, source };
}

function choiceProblem(param: InstallParam, value: unknown): string | undefined {
  const valid = param.validValues ?? [];
  if (!['Choice', 'MultiChoice'].includes(param.type) || valid.length === 0 || valid.some((v) => v.startsWith('${'))) return undefined;
  const chosen = Array.isArray(value) ? (value as string[]) : [String(value)];
  const wrong = chosen.filter((c) => !valid.includes(c));
  return wrong.length === 0
    ? undefined
    : `must be ${param.type === 'MultiChoice' ? 'any' : 'one'} of ${valid.join(', ')}; got ${wrong.map((w) => `"${w}"`).join(', ')}`;
}

/**
 * Coerces raw inputs by type (platform inputs by their kind, the App's params by install.json), applies defaults,
 * checks required params, choices and the app's rules, and throws one InputsError naming every bad param.
 * @example const inputs = resolveInputs(install, { client_id: 'x', ttl_hours_url: '24' }, APP_INPUT_RULES);
 */
export function resolveInputs(install: InstallJson, raw: Record<string, unknown>, rules: Readonly<Record<string, ParamRule>> = {}): Record<string, unknown> {
  const problems: InputProblem[] = [];
  const out: Record<string, unknown> = {};
  const appParams = new Map(install.params.map((p) => [p.name, p]));
  for (const [name, value] of Object.entries(raw)) {
    if (appParams.has(name)) continue;
    const spec = PLATFORM_INPUTS[name];
    if (!spec || isBlank(value)) {
      out[name] = value;
      continue;
    }
    const coerced = coercePlatformInput(spec, value);
    if (coerced.ok) out[name] = coerced.value;
    else problems.push({ name, problem: coerced.problem });
  }
  const delimiter = install.listDelimiter ?? '|';
  for (const param of install.params) {
    const given = raw[param.name];
    const source = isBlank(given) ? param.default : given;
    if (isBlank(source)) {
      if (param.required) problems.push({ name: param.name, label: param.label, problem: 'is required' });
      continue;
    }
    const coerced = coerceParam(param, source, delimiter);
    if (!coerced.ok) {
      problems.push({ name: param.name, label: param.label, problem: coerced.problem });
      continue;
    }
    const wrong = choiceProblem(param, coerced.value) ?? rules[param.name]?.(coerced.value);
    if (wrong) problems.push({ name: param.name, label: param.label, problem: wrong });
    else out[param.name] = coerced.value;
  }
  if (problems.length > 0) throw new InputsError(problems);
  return out;
}

/** readRawInputs then resolveInputs: the inputs the App runs with. */
export function loadInputs(install: InstallJson, sources: InputSources, rules?: Readonly<Record<string, ParamRule>>): Record<string, unknown> {
  return resolveInputs(install, readRawInputs(sources).raw, rules);
}
