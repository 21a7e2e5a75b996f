import { CLOUDS, resolveSentinelEndpoints } from '../../../app/sentinel';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { stixTexts } from '../../helpers/stix-objects';
import { clientFor } from './sentinel-test-kit';

describe('clouds', () => {
  it.each([
    [
      'AzureCloud',
      'https://login.microsoftonline.com',
      'https://management.azure.com/.default',
      'https://api.ti.sentinel.azure.com',
      'https://management.azure.com',
    ],
    [
      'AzureUSGovernment',
      'https://login.microsoftonline.us',
      'https://management.usgovcloudapi.net/.default',
      'https://api.ti.sentinel.azure.us',
      'https://management.usgovcloudapi.net',
    ],
    [
      'AzureChinaCloud',
      'https://login.partner.microsoftonline.cn',
      'https://management.chinacloudapi.cn/.default',
      'https://api.ti.sentinel.azure.cn',
      'https://management.chinacloudapi.cn',
    ],
  ])('%s signs in at %s for %s, uploads to %s and reads from %s', (azureCloud, authorityHost, scope, apiUrl, managementUrl) => {
    expect(resolveSentinelEndpoints({ azureCloud })).toEqual({ authorityHost, scope, apiUrl, managementUrl });
  });

  it('applies the hidden overrides but keeps the cloud’s scope', () => {
    expect(
      resolveSentinelEndpoints({
        azureCloud: 'AzureUSGovernment',
        sentinelApiUrl: 'https://ti.private.example/',
        authorityHost: 'https://login.private.example',
      }),
    ).toEqual({
      apiUrl: 'https://ti.private.example',
      authorityHost: 'https://login.private.example',
      managementUrl: CLOUDS.AzureUSGovernment.managementUrl,
      scope: CLOUDS.AzureUSGovernment.scope,
    });
    expect(resolveSentinelEndpoints({ azureCloud: 'AzureChinaCloud', managementUrl: 'https://arm.private.example/' }).managementUrl).toBe(
      'https://arm.private.example',
    );
    expect(() => resolveSentinelEndpoints({ azureCloud: 'AzureMars' })).toThrow(/Unknown Azure cloud "AzureMars"/);
  });
});

describe('Entra sign-in against the simulator', () => {
  let sim: SentinelSimulator;
  afterEach(() => sim?.close());

  it.each(Object.keys(CLOUDS))('asks for the %s scope, which that cloud accepts', async (cloud) => {
    const { scope } = resolveSentinelEndpoints({ azureCloud: cloud });
    sim = await startSentinelSimulator({ scope });
    const { client } = clientFor(sim, {}, { scope });
    await expect(client.upload(stixTexts(1))).resolves.toMatchObject({ status: 'ok', accepted: 1 });
    client.close();
    const other = Object.values(CLOUDS).find((c) => c.scope !== scope)!.scope;
    const wrong = clientFor(sim, {}, { scope: other });
    const outcome = await wrong.client.upload(stixTexts(1));
    wrong.client.close();
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(/AADSTS500011.*check the Azure Cloud parameter/);
  });

  it.each([
    ['a wrong client secret', { clientSecret: 'not-the-secret-123' }, /AADSTS7000215.*Check the Client Secret parameter/],
    ['an unknown client ID', { clientId: '99999999-9999-9999-9999-999999999999' }, /AADSTS700016.*Check the Client ID parameter/],
    ['an unknown tenant', { tenantId: '88888888-8888-8888-8888-888888888888' }, /Check the Tenant ID parameter/],
  ])('gives one clear error naming the param for %s, and never the secret', async (_name, overrides, expected) => {
    sim = await startSentinelSimulator();
    const { client, log } = clientFor(sim, {}, overrides);
    const outcome = await client.upload(stixTexts(3));
    client.close();
    expect(outcome).toMatchObject({ status: 'failed', fatal: true });
    const message = outcome.status === 'failed' ? outcome.error.message : '';
    expect(message).toMatch(expected);
    const everything = `${message}\n${log.text()}`;
    for (const secret of [sim.credentials.clientSecret, 'not-the-secret-123']) expect(everything).not.toContain(secret);
    expect(sim.uploads()).toHaveLength(0);
  });
});
