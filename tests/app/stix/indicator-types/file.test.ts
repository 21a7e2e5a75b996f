import { convertInvalid, convertValid, indicatorOf } from '../helpers';

const MD5 = '912ec803b2ce49e4a541068d495ab570';
const SHA1 = '3da541559918a808c2402bba5012f6c60b27661c';
const SHA256 = '523463041ef9ffa2950d8450feb34c88bc8692c40c9cf3c99dcdf75e270229e2';

describe('File', () => {
  it.each([
    ['MD5 only', { md5: MD5.toUpperCase() }, [`[file:hashes.MD5 = '${MD5}']`]],
    ['SHA1 only', { sha1: SHA1 }, [`[file:hashes.'SHA-1' = '${SHA1}']`]],
    ['SHA256 only', { sha256: ` ${SHA256.toUpperCase()} ` }, [`[file:hashes.'SHA-256' = '${SHA256}']`]],
    ['MD5 and SHA256, empty SHA1', { md5: MD5, sha1: '', sha256: SHA256 }, [`[file:hashes.MD5 = '${MD5}']`, `[file:hashes.'SHA-256' = '${SHA256}']`]],
    ['hashes only in the summary', { summary: `${MD5.toUpperCase()} : ${SHA256}` }, [`[file:hashes.MD5 = '${MD5}']`, `[file:hashes.'SHA-256' = '${SHA256}']`]],
  ])('%s', (_name, fields, patterns) => {
    const objects = convertValid(indicatorOf('File', fields));
    expect(objects.map((o) => o.pattern)).toEqual(patterns);
  });

  it.each([
    ['a short MD5', { md5: MD5.slice(1) }, 'MD5 hash', 'md5'],
    ['a non-hex SHA1', { sha1: `${SHA1.slice(1)}g` }, 'SHA-1 hash', 'sha1'],
    ['an MD5 in the SHA256 field', { sha256: MD5 }, 'SHA-256 hash', 'sha256'],
    ['a quote in a hash', { md5: `${MD5.slice(2)}'x` }, 'is not 32 hexadecimal characters', 'md5'],
    ['no hash at all', {}, 'has no MD5, SHA1 or SHA256 hash', 'md5'],
    ['a hash that is not text', { md5: 12 }, 'must be text', 'md5'],
    ['a summary with a non-hash', { summary: `${MD5} : nothex` }, 'which is not an MD5, SHA1 or SHA256 hash', undefined],
    ['a summary with two MD5s', { summary: `${MD5} : ${MD5}` }, 'more than one MD5 hash', undefined],
  ])('rejects %s', (_name, fields, message, field) => {
    const error = convertInvalid(indicatorOf('File', fields));
    expect(error.message).toContain(message);
    expect(error.field).toBe(field);
  });
});
