import { useState } from 'preact/hooks';
import { ERROR_STEPS, type ErrorStep } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { LoadState } from '../../components/LoadState';
import { Pager } from '../../components/Pager';
import { RequestIdFilter } from '../../components/RequestIdFilter';
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

/** REPORTS: the reconciliation with Sentinel, "where is my indicator?", then the ERRORS view, filtered by request ID and step. */
export function ReportsPage({ api, params, reconnects }: ReportsPageProps) {
  const [step, setStep] = useState<ErrorStep[]>([]);
  const [requestId, setRequestId] = useState(params.get('requestId') ?? '');
  const [page, setPage] = useState(1);
  const filter = { step, requestId, page, pageSize: PAGE_SIZE };
  const errors = useRemote((signal) => api.listErrors(filter, signal), [filter], reconnects);

  return (
    <section aria-labelledby="reports-title" data-testid="reports-page">
      <header class="page-header">
        <h1 id="reports-title">Reports</h1>
        <button type="button" onClick={errors.reload}>
          Refresh
        </button>
      </header>
      <ReconcilePanel api={api} />
      <IndicatorLookup api={api} />
      <h2>Errors</h2>
      <form class="filters" aria-label="Filter errors" onSubmit={(e) => e.preventDefault()}>
        <RequestIdFilter
          value={requestId}
          onChange={(v) => {
            setRequestId(v);
            setPage(1);
          }}
        />
        <CheckboxGroup
          legend="Step"
          options={ERROR_STEPS}
          selected={step}
          onChange={(v) => {
            setStep(v as ErrorStep[]);
            setPage(1);
          }}
          testId="step-filter"
          inline
        />
      </form>
      <LoadState remote={errors} what="errors" isEmpty={(p) => p.items.length === 0} empty="No errors match these filters.">
        {(p) => (
          <>
            <ErrorsTable errors={p.items} first={(p.page - 1) * p.pageSize + 1} />
            <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="error" onPage={setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}
