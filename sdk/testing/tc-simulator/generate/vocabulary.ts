import type { TcOwner, TcSecurityLabel } from '../../../threatconnect/types';

/** The owners a simulator serves unless told otherwise: one Organization, Communities, Sources. */
export const DEFAULT_OWNERS: readonly TcOwner[] = [
  { id: 1, name: 'Demo Organization', type: 'Organization' },
  { id: 2, name: 'Common Community', type: 'Community' },
  { id: 3, name: 'Financial Sector ISAC', type: 'Community' },
  { id: 4, name: 'Abuse Feed Source', type: 'Source' },
  { id: 5, name: 'Phishing Tracker Source', type: 'Source' },
];

export const TAGS = [
  'APT',
  'phishing',
  'ransomware',
  'botnet',
  'C2',
  'malware',
  'credential-theft',
  'exploit-kit',
  'spam',
  'cryptominer',
  'banking-trojan',
  'scanner',
  'tor-exit',
  'watchlist',
  'high-priority',
  'emotet',
  'qakbot',
  'cobalt-strike',
  'lazarus',
  'fin7',
] as const;

/** Lockheed Martin Cyber Kill Chain phases, as ThreatConnect's "Phase of Intrusion" attribute spells them. */
export const PHASES = ['Reconnaissance', 'Weaponization', 'Delivery', 'Exploitation', 'Installation', 'Command and Control', 'Actions on Objectives'] as const;

export const GROUPS: readonly { name: string; type: string }[] = [
  { name: 'Operation Silent Harbor', type: 'Campaign' },
  { name: 'Invoice Lure Wave', type: 'Campaign' },
  { name: 'APT29', type: 'Adversary' },
  { name: 'FIN7', type: 'Intrusion Set' },
  { name: 'Emotet', type: 'Malware' },
  { name: 'QakBot Distribution', type: 'Threat' },
  { name: 'Credential Harvest 2024-11', type: 'Incident' },
  { name: 'Cobalt Strike Beacons', type: 'Threat' },
];

export const SECURITY_LABELS: readonly (readonly [TcSecurityLabel, number])[] = [
  [{ name: 'TLP:WHITE', description: 'Disclosure is not limited.', color: 'FFFFFF' }, 2],
  [{ name: 'TLP:CLEAR', description: 'Recipients can spread this to the world.', color: 'FFFFFF' }, 2],
  [{ name: 'TLP:GREEN', description: 'Limited disclosure, restricted to the community.', color: '33FF00' }, 4],
  [{ name: 'TLP:AMBER', description: 'Limited disclosure, restricted to participants’ organizations.', color: 'FFC000' }, 3],
  [{ name: 'TLP:AMBER+STRICT', description: 'Limited disclosure, restricted to the organization.', color: 'FFC000' }, 1],
  [{ name: 'TLP:RED', description: 'Not for disclosure, restricted to participants only.', color: 'FF0033' }, 1],
];

export const WORDS = [
  'secure',
  'login',
  'update',
  'account',
  'verify',
  'cloud',
  'mail',
  'portal',
  'office',
  'support',
  'billing',
  'cdn',
  'static',
  'auth',
  'docs',
  'share',
  'drive',
  'invoice',
  'payroll',
  'service',
  'status',
  'api',
  'files',
  'media',
  'track',
  'sync',
  'online',
  'center',
  'desk',
  'wallet',
] as const;

export const TLDS = ['com', 'net', 'org', 'info', 'xyz', 'top', 'io', 'ru', 'biz', 'online'] as const;

export const FIRST_NAMES = ['alex', 'maria', 'john', 'li', 'fatima', 'sven', 'noah', 'olga', 'raj', 'emma'] as const;
export const LAST_NAMES = ['smith', 'garcia', 'chen', 'ivanova', 'khan', 'muller', 'rossi', 'tanaka', 'nowak', 'silva'] as const;

export const SUBJECTS = [
  'Invoice overdue - action required',
  'Your mailbox is almost full',
  'Payment confirmation',
  'Shared document awaiting your review',
  'Urgent: password expires today',
  'DHL shipment notification',
  'Updated payroll schedule',
  'Security alert for your account',
] as const;

export const REGISTRY_PATHS = [
  'Software\\Microsoft\\Windows\\CurrentVersion\\Run',
  'Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce',
  'SYSTEM\\CurrentControlSet\\Services',
  'Software\\Classes\\CLSID',
  'Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
] as const;

/** Full hive names mostly; a few abbreviated ones, as analysts sometimes type them. */
export const HIVES: readonly (readonly [string, number])[] = [
  ['HKEY_LOCAL_MACHINE', 6],
  ['HKEY_CURRENT_USER', 4],
  ['HKEY_CLASSES_ROOT', 1],
  ['HKEY_USERS', 1],
  ['HKLM', 1],
  ['HKCU', 1],
];

export { TC_REGISTRY_VALUE_TYPES as REGISTRY_VALUE_TYPES } from '../../../threatconnect/types';

/** First octets of routable, non-private IPv4 space, so generated addresses look like the real thing. */
export const PUBLIC_FIRST_OCTETS: readonly number[] = Array.from({ length: 223 }, (_, k) => k + 1).filter(
  (o) => o !== 10 && o !== 127 && o !== 100 && o !== 169 && o !== 172 && o !== 192 && o !== 198 && o !== 203,
);
