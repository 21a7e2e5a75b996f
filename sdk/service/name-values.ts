/** One header or query parameter as Core sends them: a list of these keeps order and repeated names. */
export interface NameValue {
  name: string;
  value: string;
}

/** Headers or query parameters in any of the shapes callers find handy. */
export type NameValueInput = NameValue[] | Array<[string, string]> | Record<string, string | string[] | undefined>;

/** Normalises any NameValueInput to a list, keeping order and repeats. */
export function toNameValues(input: NameValueInput | undefined): NameValue[] {
  if (!input) return [];
  if (Array.isArray(input)) {
    return input.map((item) => (Array.isArray(item) ? { name: item[0], value: item[1] } : { name: item.name, value: item.value }));
  }
  const list: NameValue[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) list.push({ name, value: v });
  }
  return list;
}

/** The first value of `name` (case-insensitive) in a header list. */
export function findHeader(headers: NameValue[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === wanted)?.value;
}
