import { escapePatternString } from '../escape-pattern';
import { normalizeRegistryKey, REGISTRY_VALUE_TYPES } from '../normalize/registry';
import { textProblem } from '../normalize/text';
import { fail, quote, single, type ObservableReader, type ReadFailure } from '../observable';
import { readOptionalText } from '../read-field';

const KEY = 'windows-registry-key:key';
const VALUE_NAME = 'windows-registry-key:values[*].name';
const DATA_TYPE = 'windows-registry-key:values[*].data_type';

function readOptional(indicator: Parameters<ObservableReader>[0], field: string): string | ReadFailure {
  const read = readOptionalText(indicator, field);
  return typeof read === 'object' ? read : (read ?? '').trim();
}

/**
 * Registry Key → `windows-registry-key:key`, AND-ed with the value name and data type when those are present.
 * The id key joins the three parts with NUL, which no part may contain, so distinct triples never collide.
 */
export const readRegistryKey: ObservableReader = (indicator) => {
  const keyText = readOptional(indicator, 'Key Name');
  if (typeof keyText !== 'string') return keyText;
  if (keyText === '') return fail('missing-value', 'Registry Key indicator has no "Key Name" value', 'Key Name');
  const keyProblem = textProblem(keyText, false);
  if (keyProblem) return fail('invalid-value', `Registry key ${quote(keyText)} ${keyProblem}`, 'Key Name');
  const key = normalizeRegistryKey(keyText);
  if (!key.ok) return fail('invalid-value', `Registry key ${quote(keyText)} ${key.reason}`, 'Key Name');

  const name = readOptional(indicator, 'Value Name');
  if (typeof name !== 'string') return name;
  const nameProblem = name === '' ? undefined : textProblem(name, true);
  if (nameProblem) return fail('invalid-value', `Registry value name ${quote(name)} ${nameProblem}`, 'Value Name');

  const typeText = readOptional(indicator, 'Value Type');
  if (typeof typeText !== 'string') return typeText;
  const dataType = typeText.toUpperCase();
  if (dataType !== '' && !REGISTRY_VALUE_TYPES.has(dataType)) {
    return fail('invalid-value', `Registry value type ${quote(typeText)} is not one of ${[...REGISTRY_VALUE_TYPES].join(', ')}`, 'Value Type');
  }

  const comparisons = [`${KEY} = '${escapePatternString(key.value)}'`];
  const literals = [key.value];
  const display = [key.value];
  if (name !== '') {
    comparisons.push(`${VALUE_NAME} = '${escapePatternString(name)}'`);
    literals.push(name);
    display.push(name);
  }
  if (dataType !== '') {
    comparisons.push(`${DATA_TYPE} = '${dataType}'`);
    literals.push(dataType);
    display.push(dataType);
  }
  return single({
    key: `windows-registry-key:${key.value}\u0000${name}\u0000${dataType}`,
    pattern: `[${comparisons.join(' AND ')}]`,
    display: display.join(' : '),
    literals,
  });
};
