import type { TcIndicator, TcIndicatorType } from '../../../threatconnect/types';
import { hash3, hexString, randomFor, spread, weightedPicker } from './hash';
import { FIRST_NAMES, HIVES, LAST_NAMES, PUBLIC_FIRST_OCTETS, REGISTRY_PATHS, REGISTRY_VALUE_TYPES, SUBJECTS, TLDS, WORDS } from './vocabulary';

export type ValueFields = Partial<
  Pick<
    TcIndicator,
    'ip' | 'Block' | 'hostName' | 'md5' | 'sha1' | 'sha256' | 'text' | 'AS Number' | 'address' | 'Subject' | 'Key Name' | 'Value Name' | 'Value Type'
  >
>;

const SALT_VALUE = 101;
const BLOCKS = PUBLIC_FIRST_OCTETS.length * 65536;

const pickHive = weightedPicker(HIVES);
const pick = <T>(items: readonly T[], unit: number): T => items[Math.floor(unit * items.length)]!;

/** A base-36 code unique to `src`: what keeps generated host names, addresses and subjects distinct. */
function code(seed: number, src: number): string {
  return spread(src, 2_176_782_336, hash3(seed, 0, 7) % 1000)
    .toString(36)
    .padStart(6, '0');
}

/** A /24 network unique to `src`, in public IPv4 space. */
function ipv4Network(seed: number, src: number): [number, number, number] {
  const y = spread(src, BLOCKS, hash3(seed, 0, 3) % BLOCKS);
  return [PUBLIC_FIRST_OCTETS[Math.floor(y / 65536)]!, (y >>> 8) & 255, y & 255];
}

function ipv6Groups(seed: number, src: number): string[] {
  const y = spread(src, 4_294_967_291, hash3(seed, 0, 5));
  return ['2a03', (0x2000 + (hash3(seed, src, 11) & 0xfff)).toString(16), (y >>> 16).toString(16), (y & 0xffff).toString(16)];
}

function hostName(seed: number, src: number, salt: number): string {
  const r = randomFor(seed, src, SALT_VALUE + salt);
  return `${pick(WORDS, r())}-${pick(WORDS, r())}-${code(seed, src)}.${pick(TLDS, r())}`;
}

/** The value fields of original indicator `src` of the given type. Unique per `src`, same for every copy of it. */
export function generateValues(type: TcIndicatorType, seed: number, src: number): ValueFields {
  const r = randomFor(seed, src, SALT_VALUE);
  switch (type) {
    case 'Address': {
      if (r() < 0.8) return { ip: `${ipv4Network(seed, src).join('.')}.${1 + Math.floor(r() * 254)}` };
      return { ip: `${ipv6Groups(seed, src).join(':')}::${(1 + Math.floor(r() * 0xfffe)).toString(16)}` };
    }
    case 'CIDR': {
      if (r() < 0.85) return { Block: `${ipv4Network(seed, src).join('.')}.0/24` };
      return { Block: `${ipv6Groups(seed, src).join(':')}::/64` };
    }
    case 'Host':
      return { hostName: hostName(seed, src, 1) };
    case 'URL': {
      const path = `${pick(WORDS, r())}/${pick(WORDS, r())}.${r() < 0.5 ? 'php' : 'html'}`;
      return { text: `${r() < 0.8 ? 'https' : 'http'}://${hostName(seed, src, 2)}/${path}${r() < 0.3 ? `?id=${Math.floor(r() * 99999)}` : ''}` };
    }
    case 'File': {
      const shape = Math.floor(r() * 5); // md5 | sha256 | md5+sha256 | md5+sha1 | all three
      const out: ValueFields = {};
      if (shape !== 1) out.md5 = hexString(seed, src, 21, 32).toUpperCase();
      if (shape === 3 || shape === 4) out.sha1 = hexString(seed, src, 22, 40).toUpperCase();
      if (shape === 1 || shape === 2 || shape === 4) out.sha256 = hexString(seed, src, 23, 64).toUpperCase();
      return out;
    }
    case 'ASN':
      return { 'AS Number': `ASN${1 + spread(src, 4_200_000_000, hash3(seed, 0, 9) % 1000)}` };
    case 'EmailAddress':
      return { address: `${pick(FIRST_NAMES, r())}.${pick(LAST_NAMES, r())}.${code(seed, src)}@${pick(WORDS, r())}-mail.${pick(TLDS, r())}` };
    case 'Email Subject':
      return { Subject: `${pick(SUBJECTS, r())} [ref ${code(seed, src).toUpperCase()}]` };
    case 'Registry Key': {
      const out: ValueFields = { 'Key Name': `${pickHive(r())}\\${pick(REGISTRY_PATHS, r())}\\${pick(WORDS, r())}${code(seed, src)}` };
      const shape = r();
      if (shape < 0.6) out['Value Name'] = `${pick(WORDS, r())}_${pick(WORDS, r())}`.toUpperCase();
      if (shape < 0.4) out['Value Type'] = pick(REGISTRY_VALUE_TYPES, r());
      return out;
    }
  }
}
