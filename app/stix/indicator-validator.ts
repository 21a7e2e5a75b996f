import binary from '../../vendor/stix2/schemas/common/binary.json';
import core from '../../vendor/stix2/schemas/common/core.json';
import dictionary from '../../vendor/stix2/schemas/common/dictionary.json';
import extension from '../../vendor/stix2/schemas/common/extension.json';
import externalReference from '../../vendor/stix2/schemas/common/external-reference.json';
import granularMarking from '../../vendor/stix2/schemas/common/granular-marking.json';
import hashesType from '../../vendor/stix2/schemas/common/hashes-type.json';
import hex from '../../vendor/stix2/schemas/common/hex.json';
import identifier from '../../vendor/stix2/schemas/common/identifier.json';
import killChainPhase from '../../vendor/stix2/schemas/common/kill-chain-phase.json';
import properties from '../../vendor/stix2/schemas/common/properties.json';
import timestamp from '../../vendor/stix2/schemas/common/timestamp.json';
import urlRegex from '../../vendor/stix2/schemas/common/url-regex.json';
import indicator from '../../vendor/stix2/schemas/sdos/indicator.json';
import { compileStixValidator, type StixValidator } from './validate-stix';

/**
 * The OASIS schemas an indicator is checked against (indicator.json and every schema it refers to), built into the
 * bundle so the packaged App validates what it sends without the schemas folder.
 */
const INDICATOR_SCHEMAS = [
  { file: 'common/binary.json', schema: binary },
  { file: 'common/core.json', schema: core },
  { file: 'common/dictionary.json', schema: dictionary },
  { file: 'common/extension.json', schema: extension },
  { file: 'common/external-reference.json', schema: externalReference },
  { file: 'common/granular-marking.json', schema: granularMarking },
  { file: 'common/hashes-type.json', schema: hashesType },
  { file: 'common/hex.json', schema: hex },
  { file: 'common/identifier.json', schema: identifier },
  { file: 'common/kill-chain-phase.json', schema: killChainPhase },
  { file: 'common/properties.json', schema: properties },
  { file: 'common/timestamp.json', schema: timestamp },
  { file: 'common/url-regex.json', schema: urlRegex },
  { file: 'sdos/indicator.json', schema: indicator },
];

/**
 * A validator of STIX 2.1 indicators against the OASIS schemas (what the converter checks every object with before
 * it may be sent).
 * @example createIndicatorValidator().validate(object) // [] when valid
 */
export function createIndicatorValidator(): StixValidator {
  return compileStixValidator(INDICATOR_SCHEMAS.map(({ file, schema }) => ({ file, schema: mergeTypeAlternatives(schema) as object })));
}

type Json = unknown;

/**
 * The same schema, faster to check: every `anyOf` whose branches each say only `type` (and, for the array branch,
 * `minItems`) becomes one `type` list with that `minItems` (which JSON Schema applies to arrays alone), so the
 * same values pass and fail. The OASIS schemas use this form for every custom property and dictionary value, and
 * ajv builds an error object for each branch tried; merged, an indicator is checked several times faster.
 * (tests/app/stix/indicator-validator.property.test.ts checks both forms give the same verdicts.)
 */
export function mergeTypeAlternatives(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(mergeTypeAlternatives);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = mergeTypeAlternatives(value);
  const branches = out.anyOf;
  if (!Array.isArray(branches) || branches.length === 0) return out;
  const types: string[] = [];
  let minItems: number | undefined;
  for (const branch of branches) {
    if (!branch || typeof branch !== 'object' || Array.isArray(branch)) return out;
    const { type, minItems: min, ...rest } = branch as Record<string, Json>;
    if (Object.keys(rest).length > 0 || typeof type !== 'string' || types.includes(type)) return out;
    if (min !== undefined) {
      if (type !== 'array' || typeof min !== 'number') return out;
      minItems = min;
    }
    types.push(type);
  }
  const { anyOf: _replaced, ...others } = out;
  if ('type' in others || 'minItems' in others) return out;
  return { ...others, type: types, ...(minItems !== undefined ? { minItems } : {}) };
}
