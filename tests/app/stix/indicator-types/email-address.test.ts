import { convertInvalid, convertOne, indicatorOf } from '../helpers';

describe('EmailAddress', () => {
  it.each([
    ['tester@testdomain.com', 'tester@testdomain.com'],
    [' Tester@TestDomain.COM ', 'tester@testdomain.com'],
    ["o'brien@example.com", "o\\'brien@example.com"],
    ['first.last+tag@sub.example.org', 'first.last+tag@sub.example.org'],
    ['josé@bücher.de', 'josé@xn--bcher-kva.de'],
    ['weird!#$%&*=?^_`{|}~-@example.com', 'weird!#$%&*=?^_`{|}~-@example.com'],
  ])('%p → %p in the pattern', (address, escaped) => {
    expect(convertOne(indicatorOf('EmailAddress', { address })).pattern).toBe(`[email-addr:value = '${escaped}']`);
  });

  it.each([
    ['testdomain.com', 'is not of the form local-part@domain'],
    ['@testdomain.com', 'is not of the form local-part@domain'],
    ['tester@', 'is not of the form local-part@domain'],
    ['a..b@example.com', 'has a local part with characters'],
    ['.a@example.com', 'has a local part with characters'],
    ['"quoted"@example.com', 'has a local part with characters'],
    ['a b@example.com', 'has a local part with characters'],
    ['a\\b@example.com', 'has a local part with characters'],
    [`${'a'.repeat(65)}@example.com`, 'local part longer than 64'],
    ['tester@bad_domain..com', 'has a domain that has an empty label'],
    ['tester@1.2.3.4', 'has a domain that is an IP address'],
  ])('rejects %p', (address, message) => {
    const error = convertInvalid(indicatorOf('EmailAddress', { address }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('address');
  });
});
