import { convertInvalid, convertOne, indicatorOf, expectValidStix } from '../helpers';

describe('ASN', () => {
  it.each([
    ['ASN001', 1],
    ['ASN204288', 204288],
    ['AS204288', 204288],
    ['as204288', 204288],
    ['204288', 204288],
    ['AS 15169', 15169],
    ['AS0', 0],
    ['ASN4294967295', 4294967295],
    ['AS1.10', 65546],
    ['AS65535.65535', 4294967295],
  ])('%p → %p', (asNumber, number) => {
    const object = convertOne(indicatorOf('ASN', { 'AS Number': asNumber }));
    expect(object.pattern).toBe(`[autonomous-system:number = ${number}]`);
    expect(object.name).toBe(`${asNumber} | ABC-Owner`);
    expect(expectValidStix(object)[0]?.value).toMatchObject({ kind: 'int', value: number });
  });

  it.each([
    ['ASN4294967296', 'is out of range'],
    ['AS99999999999999999999999', 'is out of range'],
    ['AS65536.1', 'is out of range'],
    ['ASX12', 'is not a number'],
    ['AS-1', 'is not a number'],
    ['AS1e5', 'is not a number'],
    ['AS12 OR 1=1', 'is not a number'],
    ['AS', 'is not a number'],
    ['١٢٣', 'is not a number'],
  ])('rejects %p', (asNumber, message) => {
    const error = convertInvalid(indicatorOf('ASN', { 'AS Number': asNumber }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('AS Number');
  });
});
