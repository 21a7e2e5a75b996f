import { convertInvalid, convertOne, expectValidStix, indicatorOf, literalValue } from '../helpers';

const KEY = 'windows-registry-key:key';
const NAME = 'windows-registry-key:values[*].name';
const TYPE = 'windows-registry-key:values[*].data_type';

describe('Registry Key', () => {
  it.each<[Record<string, string>, string[]]>([
    [
      { 'Key Name': 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe', 'Value Name': 'TEST_VALUE', 'Value Type': 'REG_BINARY' },
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Adobe', 'TEST_VALUE', 'REG_BINARY'],
    ],
    [{ 'Key Name': 'HKLM\\Software\\Run' }, ['HKEY_LOCAL_MACHINE\\Software\\Run']],
    [{ 'Key Name': 'hkcu/Software//Run/', 'Value Type': 'reg_sz' }, ['HKEY_CURRENT_USER\\Software\\Run', 'REG_SZ']],
    [{ 'Key Name': 'HKCR\\.exe', 'Value Name': '' }, ['HKEY_CLASSES_ROOT\\.exe']],
    [{ 'Key Name': 'HKU\\S-1-5-18', 'Value Name': "it's \\ here" }, ['HKEY_USERS\\S-1-5-18', "it's \\ here"]],
    [{ 'Key Name': 'HKCC', 'Value Type': 'REG_QWORD_LITTLE_ENDIAN' }, ['HKEY_CURRENT_CONFIG', 'REG_QWORD_LITTLE_ENDIAN']],
    [{ 'Key Name': 'HKEY_CURRENT_USER\\Software\\Ünïcödé' }, ['HKEY_CURRENT_USER\\Software\\Ünïcödé']],
  ])('%p', (fields, literals) => {
    const object = convertOne(indicatorOf('Registry Key', fields));
    const comparisons = expectValidStix(object);
    const paths = [KEY, ...(fields['Value Name'] ? [NAME] : []), ...(fields['Value Type'] ? [TYPE] : [])];
    expect(comparisons.map((c) => c.path)).toEqual(paths);
    expect(comparisons.map((c) => literalValue(c.value))).toEqual(literals);
    expect(object.name).toBe(`${literals.join(' : ')} | ABC-Owner`);
  });

  it('writes the seed form exactly', () => {
    const object = convertOne(indicatorOf('Registry Key', { 'Key Name': 'HKLM/SOFTWARE/Adobe', 'Value Name': 'TEST_VALUE', 'Value Type': 'REG_BINARY' }));
    expect(object.pattern).toBe(`[${KEY} = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Adobe' AND ${NAME} = 'TEST_VALUE' AND ${TYPE} = 'REG_BINARY']`);
  });

  it.each([
    [{ 'Key Name': 'HKEY_BOGUS\\x' }, 'does not start with a registry hive', 'Key Name'],
    [{ 'Key Name': 'SOFTWARE\\Adobe' }, 'does not start with a registry hive', 'Key Name'],
    [{ 'Key Name': '' }, 'has no "Key Name" value', 'Key Name'],
    [{ 'Key Name': 'HKLM\\a\u0001b' }, 'contains control characters', 'Key Name'],
    [{ 'Key Name': 'HKLM\\x', 'Value Type': 'REG_STRING' }, 'is not one of REG_NONE', 'Value Type'],
    [{ 'Key Name': 'HKLM\\x', 'Value Name': 'a\u0000b' }, 'contains control characters', 'Value Name'],
    [{ 'Key Name': 'HKLM\\x', 'Value Name': 42 }, 'must be text', 'Value Name'],
  ])('rejects %p', (fields, message, field) => {
    const error = convertInvalid(indicatorOf('Registry Key', fields));
    expect(error.message).toContain(message);
    expect(error.field).toBe(field);
  });
});
