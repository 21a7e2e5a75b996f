import { ERROR_STEPS, type ErrorStep } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { toQueryString } from '../../api/query-string';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { LoadState } from '../../components/LoadState';
import { Pager } from '../../components/Pager';
import { RefreshButton } from '../../components/RefreshButton';
import { RequestIdFilter } from '../../components/RequestIdFilter';
import { useListFilter } from '../../stores/use-list-filter';
import { useRemote } from '../../stores/use-remote';
import { ErrorsTable } from './ErrorsTable';
import { IndicatorLookup } from './IndicatorLookup';
import { ReconcilePanel } from './ReconcilePanel';

export interface ReportsPageProps {
  api: ApiClient;
  params: URLSearchParams;
  /** Bumped when the service answers again after it had stopped: the errors load again. */
  reconnects: number;
}

const PAGE_SIZE = 20;
// Identical errors are merged unless the address says `merge=off`: the default view stays a short address.
const FILTERS = { step: { many: true, options: ERROR_STEPS }, requestId: {}, merge: { options: ['off'] } } as const;

/** The query of the errors the filters show, without paging: the list's and the CSV's. */
export function errorsQuery(values: { step: readonly string[]; requestId: string; merge: string }) {
  return { step: values.step as ErrorStep[], requestId: values.requestId, ...(values.merge === 'off' ? {} : { grouped: true }) };
}

/** REPORTS: the reconciliation with Sentinel, "where is my indicator?", then the ERRORS view, filtered by request ID and step. */
export function ReportsPage({ api, params, reconnects }: ReportsPageProps) {
  const list = useListFilter(params, FILTERS);
  const query = errorsQuery(list.values);
  const merged = query.grouped === true;
  const filter = { ...query, page: list.page, pageSize: PAGE_SIZE };
  const errors = useRemote((signal) => api.listErrors(filter, signal), [filter], reconnects + list.refreshKey);
  // Relative, as every call of the UI: ThreatConnect serves the App under a prefix the UI does not know.
  const csvHref = `api/errors.csv${toQueryString(query)}`;

  return (
    <section aria-labelledby="reports-title" data-testid="reports-page">
      <header class="page-header">
        <h1 id="reports-title">Reports</h1>
      </header>
      <ReconcilePanel api={api} />
      <IndicatorLookup api={api} />
      <h2>Errors</h2>
      <form class="filters" aria-label="Filter errors" onSubmit={(e) => e.preventDefault()}>
        <RequestIdFilter value={list.values.requestId} onChange={(v) => list.set({ requestId: v })} />
        <CheckboxGroup legend="Step" options={ERROR_STEPS} selected={filter.step} onChange={(v) => list.set({ step: v })} testId="step-filter" inline />
        <label class="merge-toggle">
          <input type="checkbox" checked={merged} onChange={(e) => list.set({ merge: e.currentTarget.checked ? '' : 'off' })} data-testid="merge-errors" />
          Merge identical errors
        </label>
        <RefreshButton onClick={list.refresh} />
        <a class="export-csv" href={csvHref} download data-testid="export-csv">
          Export CSV
        </a>
      </form>
      <LoadState remote={errors} what="errors" isEmpty={(p) => p.items.length === 0} empty="No errors match these filters.">
        {(p) => (
          <>
            <ErrorsTable errors={p.items} first={(p.page - 1) * p.pageSize + 1} merged={merged} />
            <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="error" onPage={list.setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}
