import { ERROR_STEPS, type ErrorStep } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
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
const FILTERS = { step: { many: true, options: ERROR_STEPS }, requestId: {} } as const;

/** REPORTS: the reconciliation with Sentinel, "where is my indicator?", then the ERRORS view, filtered by request ID and step. */
export function ReportsPage({ api, params, reconnects }: ReportsPageProps) {
  const list = useListFilter(params, FILTERS);
  const filter = { step: list.values.step as ErrorStep[], requestId: list.values.requestId, page: list.page, pageSize: PAGE_SIZE };
  const errors = useRemote((signal) => api.listErrors(filter, signal), [filter], reconnects + list.refreshKey);

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
        <RefreshButton onClick={list.refresh} />
      </form>
      <LoadState remote={errors} what="errors" isEmpty={(p) => p.items.length === 0} empty="No errors match these filters.">
        {(p) => (
          <>
            <ErrorsTable errors={p.items} first={(p.page - 1) * p.pageSize + 1} />
            <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="error" onPage={list.setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}
