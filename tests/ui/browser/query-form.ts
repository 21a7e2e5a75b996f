import type { Locator } from 'playwright-core';
import type { AppStack } from '../../../app/testing/start-app-stack';

/** A query configuration as the Add/Edit window asks for it. */
export interface QueryFormInput {
  owners: string[];
  types: string[];
  tql: string;
  sortField?: string;
  direction?: string;
}

/** Fills the Add/Edit window as a person would: the owners' and types' boxes, the TQL, the sort. */
export async function fillQuery(form: Locator, q: QueryFormInput): Promise<void> {
  for (const owner of q.owners)
    await form
      .getByRole('group', { name: /Owners to Query/ })
      .getByLabel(owner, { exact: true })
      .check();
  for (const type of q.types)
    await form
      .getByRole('group', { name: /Indicator Types/ })
      .getByLabel(type, { exact: true })
      .check();
  await form.getByLabel('TQL').fill(q.tql);
  if (q.sortField) await form.getByLabel('Sort Field').selectOption(q.sortField);
  if (q.direction) await form.getByLabel('Sort Direction').selectOption(q.direction);
}

/** Adds an Address no converter accepts (999.x.x.x) to the simulated ThreatConnect: REPORTS gets an error to show. */
export function addMalformedAddress(stack: AppStack, ip = '999.1.1.1'): void {
  stack.tc.addIndicator({
    type: 'Address',
    ownerName: 'Demo Organization',
    summary: ip,
    ip,
    rating: 3,
    confidence: 60,
    dateAdded: '2000-01-01T00:00:00Z',
  } as never);
}
