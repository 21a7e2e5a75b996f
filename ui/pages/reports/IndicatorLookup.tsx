import { useId, useState } from 'preact/hooks';
import type { IndicatorLookup as Found } from '../../../app/routes/api-types';
import type { ApiClient } from '../../api/api-client';
import { errorText } from '../../api/api-error';
import { formatTime, shortId } from '../../components/format';
import { indicatorStateLabel, indicatorTypeLabel } from '../../components/labels';
import { useRemote } from '../../stores/use-remote';
import { jobLink } from './ErrorsTable';

export interface IndicatorLookupProps {
  api: ApiClient;
}

/** Whether it ever reached the ledger: sent (and maybe since expired or revoked), or not. */
const sent = (found: Found) => found.state === 'active' || found.state === 'expired' || found.state === 'revoked';

function sentinelText(found: Found, reconciling: boolean): string {
  if (found.state === 'not converted') return 'Not sent: the App could not convert it';
  if (found.state === 'rejected') return 'Not held: Sentinel refused it when it was sent';
  switch (found.sentinel) {
    case 'current':
      return `There as sent (seen ${formatTime(found.seenAt)})`;
    case 'missing':
      return 'Missing: the next job sends it again';
    case 'altered':
      return 'Altered in Sentinel: the next full update sends it again';
    default:
      return reconciling ? 'Not checked since it was sent' : 'Not checked (reconciliation is off)';
  }
}

function JobLink({ requestId, testId }: { requestId: string; testId?: string }) {
  if (!requestId) return <span class="muted">—</span>;
  return (
    <a class="mono" href={jobLink(requestId)} title={`Job ${requestId}`} data-testid={testId}>
      {shortId(requestId)}
    </a>
  );
}

function Result({ found, reconciling }: { found: Found; reconciling: boolean }) {
  const wasSent = sent(found);
  return (
    <li class="lookup-result" data-testid="lookup-row">
      <h3 class="lookup-name">
        <span class="indicator-value">{found.name || '—'}</span>{' '}
        <span class={`state-badge state-${found.state.replace(' ', '-')}`} data-testid="lookup-state">
          {indicatorStateLabel(found.state)}
        </span>
      </h3>
      <dl class="lookup-facts">
        <div>
          <dt>STIX ID</dt>
          <dd class="mono" data-testid="lookup-stix-id">
            {found.stixId || <span class="muted">none (not converted)</span>}
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{found.tcType ? indicatorTypeLabel(found.tcType) : '—'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{found.owner || '—'}</dd>
        </div>
        {wasSent && (
          <div>
            <dt>Sent through</dt>
            <dd data-testid="lookup-configuration">{found.configuration ?? 'No configuration returns it now'}</dd>
          </div>
        )}
        <div>
          <dt>ThreatConnect ID</dt>
          <dd>{found.tcId || '—'}</dd>
        </div>
        <div>
          <dt>Last sent</dt>
          <dd class="nowrap">{wasSent ? formatTime(found.lastSent) : 'Never'}</dd>
        </div>
        <div>
          <dt>Valid until</dt>
          <dd class="nowrap">{formatTime(found.validUntil || undefined)}</dd>
        </div>
        <div>
          <dt>In Sentinel</dt>
          <dd data-testid="lookup-sentinel">{sentinelText(found, reconciling)}</dd>
        </div>
        <div>
          <dt>{wasSent ? 'Last sent by' : 'Last tried by'}</dt>
          <dd>
            <JobLink requestId={found.lastJob} testId="lookup-last-job" />
          </dd>
        </div>
      </dl>
      {found.errors.length > 0 ? (
        <>
          <h4 class="lookup-errors-title">Errors</h4>
          <ul class="lookup-errors" data-testid="lookup-errors">
            {found.errors.map((e) => (
              <li key={e.id} data-testid="lookup-error">
                <span class="nowrap">{formatTime(e.time)}</span> · {e.step} · <span class="message">{e.message}</span> · job{' '}
                <JobLink requestId={e.requestId} testId="lookup-error-job" />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted lookup-errors-none">No errors recorded about it.</p>
      )}
    </li>
  );
}

/** "Where is my indicator?": what the App sent for a value, a STIX id or a ThreatConnect id, and where it stands. */
export function IndicatorLookup({ api }: IndicatorLookupProps) {
  const inputId = useId();
  // Whether reconciliation is on: "unchecked" then means no listing has shown it since it was sent.
  const reconciling = useRemote((signal) => api.getReconcile(signal), []).data?.enabled === true;
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ q: string; items: Found[] }>();
  const [error, setError] = useState<string>();
  const search = async () => {
    const text = q.trim();
    if (!text) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult({ q: text, items: await api.lookupIndicators(text) });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="lookup-title" data-testid="indicator-lookup">
      <h2 id="lookup-title">Where is my indicator?</h2>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label for={inputId}>Value, STIX ID or ThreatConnect ID</label>
        <input id={inputId} type="search" value={q} maxLength={500} placeholder="e.g. 198.51.100.7" onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" disabled={busy || q.trim() === ''}>
          {busy ? 'Looking…' : 'Look up'}
        </button>
      </form>
      <p class="inline-error" role="alert">
        {error}
      </p>
      {result &&
        (result.items.length === 0 ? (
          <p class="state empty" data-testid="lookup-empty">
            The App has not sent “{result.q}” to Sentinel: no query configuration returned it, it could not be converted (see Errors), or it was sent under
            another value.
          </p>
        ) : (
          <ul class="lookup-results" aria-label={`What the App knows of “${result.q}”`} data-testid="lookup-results">
            {result.items.map((found) => (
              <Result key={found.stixId || `tc:${found.tcId}`} found={found} reconciling={reconciling} />
            ))}
          </ul>
        ))}
    </section>
  );
}
