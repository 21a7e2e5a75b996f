import { stringComparison } from '../escape-pattern';
import type { Observable } from '../observable';

/** The observable of a single string comparison: `[<stixType>:<property> = '<value>']`. */
export function valueObservable(stixType: string, property: string, value: string, display = value): Observable {
  return {
    key: `${stixType}:${value}`,
    pattern: stringComparison(`${stixType}:${property}`, value),
    display,
    literals: [value],
  };
}
