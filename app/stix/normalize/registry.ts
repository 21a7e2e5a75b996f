import { TC_REGISTRY_VALUE_TYPES } from '../../../sdk';

/** Hive names a pattern must start with, by every spelling accepted (upper case). */
const HIVES = new Map<string, string>(
  Object.entries({
    HKEY_LOCAL_MACHINE: 'HKEY_LOCAL_MACHINE',
    HKLM: 'HKEY_LOCAL_MACHINE',
    HKEY_CURRENT_USER: 'HKEY_CURRENT_USER',
    HKCU: 'HKEY_CURRENT_USER',
    HKEY_CLASSES_ROOT: 'HKEY_CLASSES_ROOT',
    HKCR: 'HKEY_CLASSES_ROOT',
    HKEY_USERS: 'HKEY_USERS',
    HKU: 'HKEY_USERS',
    HKEY_CURRENT_CONFIG: 'HKEY_CURRENT_CONFIG',
    HKCC: 'HKEY_CURRENT_CONFIG',
  }),
);

/** The registry value data types of ThreatConnect's Registry Key indicator. */
export const REGISTRY_VALUE_TYPES: ReadonlySet<string> = new Set(TC_REGISTRY_VALUE_TYPES);

const SEPARATORS = /[\\/]+/g;

/**
 * Normalizes a registry key path: `/` read as `\`, repeated and trailing separators dropped (key names cannot be
 * empty), the hive spelled in full and upper case; the rest of the path keeps the case it was given in.
 */
export function normalizeRegistryKey(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const path = raw
    .trim()
    .replace(SEPARATORS, '\\')
    .replace(/^\\|\\$/g, '');
  const cut = path.indexOf('\\');
  const hive = HIVES.get((cut < 0 ? path : path.slice(0, cut)).toUpperCase());
  if (!hive) {
    return {
      ok: false,
      reason:
        'does not start with a registry hive (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG or HKLM, HKCU, HKCR, HKU, HKCC)',
    };
  }
  return { ok: true, value: cut < 0 ? hive : hive + path.slice(cut) };
}
