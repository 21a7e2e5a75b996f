import fs from 'node:fs';
import path from 'node:path';
import { APP_INPUT_RULES } from '../../../app/inputs';
import { findManifestIssues, loadManifest, ManifestError, type InstallJson, type LayoutJson } from '../../../sdk/manifest';

const ROOT = path.resolve(__dirname, '../../..');
const INSTALL = JSON.parse(fs.readFileSync(path.join(ROOT, 'install.json'), 'utf8')) as InstallJson;
const LAYOUT = JSON.parse(fs.readFileSync(path.join(ROOT, 'layout.json'), 'utf8')) as LayoutJson;

const clone = <T>(v: T): T => structuredClone(v);
function withParam(name: string, change: (p: Record<string, unknown>) => void): InstallJson {
  const install = clone(INSTALL);
  const param = install.params.find((p) => p.name === name);
  if (!param) throw new Error(`no param ${name}`);
  change(param as unknown as Record<string, unknown>);
  return install;
}

describe("the App's own install.json and layout.json", () => {
  it('have no problems', () => {
    expect(findManifestIssues(INSTALL, LAYOUT, { rules: APP_INPUT_RULES })).toEqual([]);
    expect(loadManifest(ROOT, { rules: APP_INPUT_RULES }).install.displayPath).toBe('ms_sentinel');
  });

  it('declare every parameter of the product with its exact label, type and flags', () => {
    const byName = new Map(INSTALL.params.map((p) => [p.name, p]));
    const table: Array<[string, string, boolean]> = [
      ['client_id', 'Client ID', true],
      ['client_secret', 'Client Secret', true],
      ['tenant_id', 'Tenant ID', true],
      ['sentinel_workspace_id', 'Sentinel Workspace ID', true],
      ['sentinel_source_name', 'Sentinel Source Name', true],
      ['tc_access_id', 'ThreatConnect Access ID', true],
      ['tc_secret_key', 'ThreatConnect Secret Key', true],
      ['schedule_interval_hours', 'Schedule Interval Hours', true],
      ['ttl_hours_address', 'TTL Hours - Address', true],
      ['ttl_hours_asn', 'TTL Hours - ASN', true],
      ['ttl_hours_cidr', 'TTL Hours - CIDR', true],
      ['ttl_hours_email_address', 'TTL Hours - Email Address', true],
      ['ttl_hours_email_subject', 'TTL Hours - Email Subject', true],
      ['ttl_hours_file', 'TTL Hours - File', true],
      ['ttl_hours_host', 'TTL Hours - Host', true],
      ['ttl_hours_registry_key', 'TTL Hours - Registry Key', true],
      ['ttl_hours_url', 'TTL Hours - URL', true],
      ['azure_cloud', 'Azure Cloud', false],
      ['revoke_removed', 'Revoke Removed Indicators', false],
      ['keep_alive', 'Keep Alive', false],
      ['retention_days', 'Retention Days', false],
      ['revoke_guard_percent', 'Revoke Guard Percent', false],
      ['azure_subscription_id', 'Azure Subscription ID', false],
      ['azure_resource_group', 'Azure Resource Group', false],
      ['sentinel_workspace_name', 'Sentinel Workspace Name', false],
      ['reconcile_interval_hours', 'Reconcile Interval Hours', false],
      ['sentinel_api_url', 'Sentinel API URL', false],
      ['azure_authority_host', 'Azure Authority Host', false],
      ['azure_management_url', 'Azure Management URL', false],
    ];
    expect([...byName.keys()].sort()).toEqual(table.map(([n]) => n).sort());
    for (const [name, label, required] of table) {
      const p = byName.get(name)!;
      expect({ name, label: p.label, required: p.required === true, serviceConfig: p.serviceConfig, note: typeof p.note }).toEqual({
        name,
        label,
        required,
        serviceConfig: true,
        note: 'string',
      });
    }
    expect(INSTALL.params.filter((p) => p.encrypt).map((p) => p.name)).toEqual(['client_secret', 'tc_secret_key']);
    expect(INSTALL.params.filter((p) => p.hidden).map((p) => p.name)).toEqual(['sentinel_api_url', 'azure_authority_host', 'azure_management_url']);
    expect(byName.get('azure_cloud')).toMatchObject({ type: 'Choice', validValues: ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] });
    expect(byName.get('revoke_removed')).toMatchObject({ type: 'Boolean', default: true });
    expect(byName.get('keep_alive')).toMatchObject({ type: 'Boolean', default: true });
    expect(byName.get('retention_days')).toMatchObject({ default: '30' });
    expect(byName.get('reconcile_interval_hours')).toMatchObject({ default: '24' });
    expect(INSTALL).toMatchObject({
      runtimeLevel: 'ApiService',
      displayPath: 'ms_sentinel',
      allowOnDemand: true,
      listDelimiter: '|',
      programLanguage: 'PYTHON',
      programMain: 'run.py',
      languageVersion: '3.11',
    });
    expect(LAYOUT.inputs.map((s) => s.title)).toEqual(['Microsoft Sentinel connection', 'ThreatConnect API user', 'Schedule', 'Time to live', 'Advanced']);
  });
});

describe('findManifestIssues', () => {
  it.each<[string, () => [unknown, unknown?], RegExp]>([
    ['a missing required field', () => [(({ runtimeLevel: _r, ...rest }) => rest)(clone(INSTALL))], /must have required property 'runtimeLevel'/],
    ['an unknown top-level field', () => [{ ...clone(INSTALL), displayNmae: 'x' }], /must NOT have additional properties \("displayNmae"\)/],
    [
      'an unknown param type',
      () => [withParam('client_id', (p) => (p.type = 'Text'))],
      /\/params\/0\/type: must be equal to one of the allowed values \(one of String, Choice/,
    ],
    ['a bad programVersion', () => [{ ...clone(INSTALL), programVersion: 'one' }], /programVersion: must match pattern/],
    ['a duplicate param name', () => [withParam('tenant_id', (p) => (p.name = 'client_id'))], /param name "client_id" is used more than once/],
    ['a duplicate sequence', () => [withParam('tenant_id', (p) => (p.sequence = 1))], /sequence 1 is used by more than one param/],
    ['encrypt on a Boolean', () => [withParam('keep_alive', (p) => (p.encrypt = true))], /"keep_alive": encrypt is only allowed on String params, not Boolean/],
    ['a Choice without validValues', () => [withParam('azure_cloud', (p) => delete p.validValues)], /"azure_cloud": a Choice needs validValues/],
    ['a Choice default outside its validValues', () => [withParam('azure_cloud', (p) => (p.default = 'Mars'))], /default "Mars" is not one of its validValues/],
    ['a Boolean default that is not a boolean', () => [withParam('keep_alive', (p) => (p.default = 'sometimes'))], /a Boolean's default must be true or false/],
    ['a required param with an empty default', () => [withParam('client_id', (p) => (p.default = ''))], /"client_id" is required but its default is empty/],
    ['a required hidden param without a default', () => [withParam('sentinel_api_url', (p) => (p.required = true))], /required and hidden but has no default/],
    ['an ApiService param without serviceConfig', () => [withParam('client_id', (p) => delete p.serviceConfig)], /serviceConfig: true/],
    [
      'a layout name that does not exist',
      () => [INSTALL, { inputs: [...clone(LAYOUT).inputs, { title: 'X', sequence: 9, parameters: [{ name: 'nope' }] }] }],
      /layout.json: "nope" is not a param/,
    ],
    [
      'a param in two layout sections',
      () => [INSTALL, { inputs: [...clone(LAYOUT).inputs, { title: 'X', sequence: 9, parameters: [{ name: 'client_id' }] }] }],
      /"client_id" appears in more than one place/,
    ],
    ['a visible param in no layout section', () => [INSTALL, { inputs: clone(LAYOUT).inputs.slice(1) }], /param "client_id" is in no section/],
    ['a layout that breaks its schema', () => [INSTALL, { inputs: [{ title: 'X' }] }], /layout.json at \/inputs\/0: must have required property 'sequence'/],
  ])('reports %s', (_name, make, expected) => {
    const [install, layout] = make();
    const issues = findManifestIssues(install, layout ?? LAYOUT);
    expect(issues.join('\n')).toMatch(expected);
  });

  it("reports a default that breaks the app's own rule, naming the rule", () => {
    const install = withParam('ttl_hours_url', (p) => (p.default = '-4'));
    expect(findManifestIssues(install, LAYOUT, { rules: APP_INPUT_RULES })).toEqual([
      'install.json param "ttl_hours_url": default "-4" breaks its own rule: must be a number of hours from 1 to 87,600 (ten years), got "-4"',
    ]);
  });

  it('reports every problem at once, not just the first', () => {
    const install = withParam('keep_alive', (p) => {
      p.encrypt = true;
      p.sequence = 1;
    });
    expect(findManifestIssues(install, LAYOUT)).toHaveLength(2);
  });
});

describe('loadManifest', () => {
  const fixture = (name: string) => path.join(ROOT, 'tests/fixtures/manifest', name);
  it.each([
    ['not-json', /install.json is not valid JSON/],
    ['missing-layout-param', /"farewell" is not a param in install.json[\s\S]*section sequence 1 is used more than once/],
    ['does-not-exist', /install.json was not found/],
  ])('refuses %s with a ManifestError listing the problems', (name, expected) => {
    let caught: unknown;
    try {
      loadManifest(fixture(name));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    expect((caught as Error).message).toMatch(expected);
  });
});
