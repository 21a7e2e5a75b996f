/** Shapes of the ThreatConnect v3 REST API that the SDK and apps read. */

/** A v3 collection field (`tags`, `attributes`, …) as returned with `fields=`. */
export interface TcCollection<T> {
  data: T[];
}

export interface TcTag {
  id?: number;
  name: string;
}

export interface TcAttribute {
  id?: number;
  type: string;
  value: string;
  dateAdded?: string;
  lastModified?: string;
  default?: boolean;
}

export interface TcGroupRef {
  id: number;
  name: string;
  type: string;
  ownerName?: string;
  webLink?: string;
}

export interface TcSecurityLabel {
  name: string;
  description?: string;
  color?: string;
}

/** The indicator types whose values this SDK knows how to read. */
export const TC_INDICATOR_TYPES = ['Address', 'CIDR', 'Host', 'File', 'URL', 'ASN', 'EmailAddress', 'Email Subject', 'Registry Key'] as const;
export type TcIndicatorType = (typeof TC_INDICATOR_TYPES)[number];

/** The type-specific value fields of each indicator type, in the order ThreatConnect joins them into `summary`. */
export const TC_VALUE_FIELDS: Readonly<Record<TcIndicatorType, readonly (keyof TcIndicator)[]>> = {
  Address: ['ip'],
  CIDR: ['Block'],
  Host: ['hostName'],
  File: ['md5', 'sha1', 'sha256'],
  URL: ['text'],
  ASN: ['AS Number'],
  EmailAddress: ['address'],
  'Email Subject': ['Subject'],
  'Registry Key': ['Key Name', 'Value Name', 'Value Type'],
};

/** A v3 indicator. Type-specific value fields keep ThreatConnect's spelling (spaces included). */
export interface TcIndicator {
  id: number;
  ownerId?: number;
  ownerName: string;
  type: string;
  summary: string;
  dateAdded: string;
  lastModified: string;
  webLink?: string;
  rating?: number;
  confidence?: number;
  threatAssessScore?: number;
  active?: boolean;
  falsePositiveFlag?: boolean;
  privateFlag?: boolean;
  tags?: TcCollection<TcTag>;
  attributes?: TcCollection<TcAttribute>;
  associatedGroups?: TcCollection<TcGroupRef>;
  securityLabels?: TcCollection<TcSecurityLabel>;
  // Address
  ip?: string;
  // CIDR
  Block?: string;
  // Host
  hostName?: string;
  // File
  md5?: string;
  sha1?: string;
  sha256?: string;
  // URL
  text?: string;
  // ASN
  'AS Number'?: string;
  // EmailAddress
  address?: string;
  // Email Subject
  Subject?: string;
  // Registry Key
  'Key Name'?: string;
  'Value Name'?: string;
  'Value Type'?: string;
}

/** A v3 owner from `/v3/security/owners`. */
export interface TcOwner {
  id: number;
  name: string;
  type: 'Organization' | 'Community' | 'Source' | string;
  permTql?: string;
}

/** An entry of `/v3/indicators/deleted`. */
/**
 * One entry of `GET /v3/indicators/deleted`: only these four fields, no id (ThreatConnect's v3 documentation,
 * every version). `dateAdded` is when the entry was added to the deleted list.
 */
export interface TcDeletedIndicator {
  ownerName: string;
  dateAdded: string;
  type: string;
  summary: string;
}

/** The v3 list envelope. */
export interface TcListResponse<T> {
  status: 'Success' | 'Error';
  data: T[];
  count?: number;
  next?: string;
  prev?: string;
  message?: string;
}

/** The value data types of a Registry Key indicator (its `Value Type`), as ThreatConnect defines them. */
export const TC_REGISTRY_VALUE_TYPES = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_LITTLE_ENDIAN',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_QWORD',
  'REG_QWORD_LITTLE_ENDIAN',
] as const;
