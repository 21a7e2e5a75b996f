import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Object types Sentinel's upload API accepts, each with its OASIS schema. */
const SCHEMA_BY_TYPE: Record<string, string> = {
  indicator: 'sdos/indicator.json',
  identity: 'sdos/identity.json',
  'attack-pattern': 'sdos/attack-pattern.json',
  'threat-actor': 'sdos/threat-actor.json',
  relationship: 'sros/relationship.json',
};

export interface StixValidator {
  /** Problems found in one STIX object (empty when valid), each as `<path> <message>`. */
  validate(object: unknown): string[];
}

/** Finds vendor/stix2/schemas from here upwards, so it works from sources, tests and bundles alike. */
export function findStixSchemasDir(start = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'vendor', 'stix2', 'schemas');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`STIX schemas not found above ${start} (expected vendor/stix2/schemas)`);
    dir = parent;
  }
}

function listJsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

/**
 * Compiles the OASIS STIX 2.1 JSON schemas with ajv (draft 2020-12) into a validator for the object types
 * Sentinel accepts.
 * @example const v = createStixValidator(); v.validate(indicator) // [] when valid
 */
export function createStixValidator(schemasDir = findStixSchemasDir()): StixValidator {
  const schemas = listJsonFiles(schemasDir).map((file) => ({
    file: path.relative(schemasDir, file).split(path.sep).join('/'),
    schema: JSON.parse(fs.readFileSync(file, 'utf8')) as { $id: string },
  }));
  return compileStixValidator(schemas);
}

/** A validator over the given schemas (`file`: the schema's path under the schemas folder, e.g. `sdos/indicator.json`). */
export function compileStixValidator(schemas: ReadonlyArray<{ file: string; schema: object }>): StixValidator {
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('idn-hostname', true);
  const byFile = new Map<string, string>();
  for (const { file, schema } of schemas) {
    ajv.addSchema(schema);
    byFile.set(file, (schema as { $id: string }).$id);
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (type: string): ValidateFunction | undefined => {
    const file = SCHEMA_BY_TYPE[type];
    const id = file && byFile.get(file);
    if (!id) return undefined;
    let fn = compiled.get(type);
    if (!fn) {
      fn = ajv.getSchema(id);
      if (!fn) return undefined;
      compiled.set(type, fn);
    }
    return fn;
  };
  return {
    validate(object) {
      const type = (object as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') return ['/type must be a string'];
      const fn = validatorFor(type);
      if (!fn) return [`/type "${type}" is not a STIX object type Sentinel accepts`];
      if (fn(object)) return [];
      return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    },
  };
}
