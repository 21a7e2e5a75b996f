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
  return compileStixValidator(INDICATOR_SCHEMAS);
}
