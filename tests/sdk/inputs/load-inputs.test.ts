import { createCipheriv } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { APP_INPUT_RULES, parseAppInputs, sourceSystemName, ttlHoursByType, type AppParams } from '../../../app/inputs';
import { encryptParamFile } from '../../../sdk/testing';
import { decryptParamFile, InputsError, loadInputs, readParamFile, resolveInputs, Secret } from '../../../sdk/inputs';
import type { InstallJson } from '../../../sdk/manifest';
import { writeParamFile } from '../../helpers/param-file';

const ROOT = path.resolve(__dirname, '../../..');
const INSTALL = JSON.parse(fs.readFileSync(path.join(ROOT, 'install.json'), 'utf8')) as InstallJson;
const GOOD: Record<string, unknown> = {
  client_id: '11111111-2222-3333-4444-555555555555',
  client_secret: 'entra-secret-value',
  tenant_id: 'contoso.onmicrosoft.com',
  sentinel_workspace_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  sentinel_source_name: 'Main Feed',
  tc_access_id: '12345678901234567890',
  tc_secret_key: 'tc-secret-key-value',
  schedule_interval_hours: '0.5',
  ttl_hours_url: '48',
  tc_api_path: 'https://tc.example/api',
  tc_token_expires: '1700000000',
  tc_svc_broker_token: 'broker-token',
  tc_verify: 'false',
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the param file', () => {
  it('decrypts the documented test vector', () => {
    expect(decryptParamFile(Buffer.from('308e608d259f8cdf0034c11a82bd890a', 'hex'), 'ajfmuyodhscwegea')).toBe('blah');
    expect(encryptParamFile('blah', 'ajfmuyodhscwegea').toString('hex')).toBe('308e608d259f8cdf0034c11a82bd890a');
  });

  it.each([16, 24, 32])('round-trips with a %i-byte key', (n) => {
    const key = 'k'.repeat(n);
    expect(decryptParamFile(encryptParamFile('{"a":"ü"}', key), key)).toBe('{"a":"ü"}');
  });

  it.each([
    ['a key of the wrong length', 'short', /must be 16, 24 or 32 bytes long, got 5/],
    ['the wrong key', 'another-key-4567', /could not be decrypted with TC_APP_PARAM_KEY/],
  ])('refuses %s clearly', (_n, key, expected) => {
    expect(() => decryptParamFile(encryptParamFile('{"x":1}', 'ajfmuyodhscwegea'), key)).toThrow(expected);
  });

  it.each([
    ['a truncated file', () => encryptParamFile('{"a":"b","c":"d"}', 'ajfmuyodhscwegea').subarray(0, 20)],
    ['an empty file', () => Buffer.alloc(0)],
    [
      'bad padding',
      () => {
        const cipher = createCipheriv('aes-128-cbc', Buffer.from('ajfmuyodhscwegea'), Buffer.alloc(16, 0)).setAutoPadding(false);
        return Buffer.concat([cipher.update(Buffer.alloc(32, 0x41)), cipher.final()]);
      },
    ],
  ])('refuses %s with a clear error', (_n, bytes) => {
    expect(() => decryptParamFile(bytes(), 'ajfmuyodhscwegea')).toThrow(
      'the param file could not be decrypted with TC_APP_PARAM_KEY (wrong key or damaged file)',
    );
  });

  it('is deleted after reading, also when it cannot be decrypted', () => {
    const good = path.join(tmp, 'good.enc');
    const env = writeParamFile(good, { a: 'b' }, 'ajfmuyodhscwegea');
    expect(readParamFile(good, env.TC_APP_PARAM_KEY)).toEqual({ a: 'b' });
    expect(fs.existsSync(good)).toBe(false);
    const bad = path.join(tmp, 'bad.enc');
    writeParamFile(bad, { a: 'b' }, 'ajfmuyodhscwegea');
    expect(() => readParamFile(bad, 'bjfmuyodhscwegea')).toThrow(/could not be decrypted/);
    expect(fs.existsSync(bad)).toBe(false);
  });
});

describe('loadInputs', () => {
  it('reads the encrypted param file, coerces by type, applies defaults and masks secrets', () => {
    const file = path.join(tmp, 'params.enc');
    const env = writeParamFile(file, { ...GOOD, keep_alive: 'false' });
    const inputs = loadInputs(INSTALL, { env }, APP_INPUT_RULES) as unknown as AppParams & Record<string, unknown>;
    expect(fs.existsSync(file)).toBe(false);
    expect(inputs.keep_alive).toBe(false);
    expect(inputs.revoke_removed).toBe(true);
    expect(inputs.azure_cloud).toBe('AzureCloud');
    expect(inputs.retention_days).toBe('30');
    expect(inputs.tc_verify).toBe(false);
    expect(inputs.tc_token_expires).toBe(1700000000);
    expect(inputs.client_secret).toBeInstanceOf(Secret);
    expect(inputs.client_secret.reveal()).toBe('entra-secret-value');
    expect(inputs.tc_svc_broker_token).toBeInstanceOf(Secret);
    const printed = JSON.stringify(inputs) + inspect(inputs) + String(inputs.tc_secret_key);
    for (const s of ['entra-secret-value', 'tc-secret-key-value', 'broker-token']) expect(printed).not.toContain(s);
    expect(ttlHoursByType(parseAppInputs(inputs))).toMatchObject({ URL: 48, File: 8760, Address: 720 });
    expect(sourceSystemName(inputs)).toBe('ThreatConnect-Main Feed');
  });

  it('reads a plain JSON inputs file for local runs', () => {
    const file = path.join(tmp, 'app_inputs.json');
    fs.writeFileSync(file, JSON.stringify(GOOD));
    expect(loadInputs(INSTALL, { env: {}, inputsFile: file }, APP_INPUT_RULES)).toMatchObject({ tenant_id: 'contoso.onmicrosoft.com' });
    expect(fs.existsSync(file)).toBe(true);
  });

  it.each([
    ['no source at all', {}, undefined, /no inputs: set TC_APP_PARAM_FILE and TC_APP_PARAM_KEY, or pass --inputs/],
    ['a param file without its key', { TC_APP_PARAM_FILE: '/nope' }, undefined, /TC_APP_PARAM_KEY is not/],
    ['an inputs file that is not JSON', {}, 'not-json', /is not valid JSON/],
    ['an inputs file holding an array', {}, '[1]', /must hold one JSON object/],
  ])('says what is wrong with %s', (_n, env, content, expected) => {
    let inputsFile: string | undefined;
    if (content !== undefined) {
      inputsFile = path.join(tmp, `f-${Math.random()}.json`);
      fs.writeFileSync(inputsFile, content);
    }
    expect(() => loadInputs(INSTALL, { env, inputsFile })).toThrow(expected);
  });
});

describe('resolveInputs', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a missing required param', { client_id: '' }, 'client_id (Client ID) is required'],
    ['a client ID that is not a GUID', { client_id: 'abc' }, 'client_id (Client ID) must be a GUID'],
    ['a zero TTL', { ttl_hours_host: '0' }, 'ttl_hours_host (TTL Hours - Host) must be a number of hours from 1 to 87,600 (ten years), got "0"'],
    ['a text TTL', { ttl_hours_file: 'week' }, 'ttl_hours_file (TTL Hours - File) must be a number of hours from 1 to 87,600 (ten years), got "week"'],
    ['a TTL past ten years', { ttl_hours_url: '1e9' }, 'ttl_hours_url (TTL Hours - URL) must be a number of hours from 1 to 87,600 (ten years), got "1e9"'],
    ['a negative schedule', { schedule_interval_hours: '-1' }, 'schedule_interval_hours (Schedule Interval Hours) must be a positive number'],
    [
      'an unknown cloud',
      { azure_cloud: 'AzureMars' },
      'azure_cloud (Azure Cloud) must be one of AzureCloud, AzureUSGovernment, AzureChinaCloud; got "AzureMars"',
    ],
    ['a Boolean that is not one', { keep_alive: 'maybe' }, 'keep_alive (Keep Alive) must be true or false, got "maybe"'],
    ['a fractional retention', { retention_days: '1.5' }, 'retention_days (Retention Days) must be a positive whole number'],
    ['an http override', { sentinel_api_url: 'http://x' }, 'sentinel_api_url (Sentinel API URL) must be an https:// URL'],
    ['a platform number that is not one', { tc_svc_broker_port: 'abc' }, 'tc_svc_broker_port must be a number, got "abc"'],
  ])('names the param for %s', (_n, change, expected) => {
    expect(() => resolveInputs(INSTALL, { ...GOOD, ...change }, APP_INPUT_RULES)).toThrow(expected);
  });

  it('reports every problem in one error, and never a secret value', () => {
    let caught: unknown;
    try {
      resolveInputs(
        INSTALL,
        { ...GOOD, client_id: '', tenant_id: '', ttl_hours_cidr: 'x', client_secret: '', tc_secret_key: 'leaky-secret-9' },
        APP_INPUT_RULES,
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputsError);
    const err = caught as InputsError;
    expect(err.problems.map((p) => p.name).sort()).toEqual(['client_id', 'client_secret', 'tenant_id', 'ttl_hours_cidr']);
    expect(err.message).toMatch(/^Invalid inputs \(4 problems\): /);
    expect(err.message).not.toContain('leaky-secret-9');
  });

  it('splits MultiChoice values on the listDelimiter and accepts choices from a platform variable', () => {
    const install: InstallJson = {
      ...INSTALL,
      params: [
        { name: 'types', label: 'Types', type: 'MultiChoice', validValues: ['Host', 'URL', 'File'], serviceConfig: true, sequence: 1 },
        { name: 'owners', label: 'Owners', type: 'MultiChoice', validValues: ['${OWNERS}'], serviceConfig: true, sequence: 2 },
      ],
    };
    expect(resolveInputs(install, { types: 'Host|URL', owners: 'Acme|Feed A' })).toEqual({ types: ['Host', 'URL'], owners: ['Acme', 'Feed A'] });
    expect(() => resolveInputs(install, { types: 'Host|Bogus' })).toThrow('types (Types) must be any of Host, URL, File; got "Bogus"');
  });
});
