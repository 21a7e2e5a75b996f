import type { TcIndicator } from '../../sdk';
import { collectionItems, textOf } from './read-collection';

// eslint-disable-next-line no-control-regex -- control characters are what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON string literal; most values need no escaping, and testing for that is cheaper than stringifying. */
function quote(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function numberOrNull(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : 'null';
}

function textOrNull(value: unknown): string {
  return typeof value === 'string' ? quote(value) : 'null';
}

function attributeValue(item: unknown): string | undefined {
  const value = typeof item === 'object' && item !== null ? (item as { value?: unknown }).value : undefined;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * The STIX description: a JSON string of the ThreatConnect context Sentinel has no field for,
 * `{type, summary, confidence, rating, threatAssessScore, ownerName, associatedGroups, attributes, webLink}`. Every
 * key is always present (null when ThreatConnect gave nothing), so queries that parse it see one shape. Written
 * piece by piece rather than by stringifying a new object: this is the costliest part of a conversion.
 */
export function buildDescription(indicator: TcIndicator, summary: string): string {
  let groups = '';
  for (const group of collectionItems(indicator.associatedGroups)) {
    const name = textOf(group, 'name');
    if (name !== undefined) groups += (groups === '' ? '' : ',') + quote(name);
  }
  let attributes = '';
  for (const attribute of collectionItems(indicator.attributes)) {
    const type = textOf(attribute, 'type');
    const value = attributeValue(attribute);
    if (type !== undefined && value !== undefined) attributes += `${attributes === '' ? '' : ','}{"type":${quote(type)},"value":${quote(value)}}`;
  }
  return (
    // The type is one of the nine names a reader exists for: nothing in it needs escaping.
    `{"type":"${indicator.type}","summary":${quote(summary)},"confidence":${numberOrNull(indicator.confidence)},` +
    `"rating":${numberOrNull(indicator.rating)},"threatAssessScore":${numberOrNull(indicator.threatAssessScore)},` +
    `"ownerName":${textOrNull(indicator.ownerName)},"associatedGroups":[${groups}],"attributes":[${attributes}],` +
    `"webLink":${textOrNull(indicator.webLink)}}`
  );
}
