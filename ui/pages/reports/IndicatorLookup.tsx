import { useId, useState } from 'preact/hooks';
import type { IndicatorLookup as Found } from '../../../app/routes/api-types';
import type { ApiClient } from '../../api/api-client';
import { errorText } from '../../api/api-error';
import { formatTime, shortId } from '../../components/format';
import { indicatorTypeLabel } from '../../components/labels';
import { useRemote } from '../../stores/use-remote';

export interface IndicatorLookupProps {
  api: ApiClient;
}

function sentinelText(found: Found, reconciling: boolean): string {
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
            The App has not sent “{result.q}” to Sentinel: no query configuration returned it, it could not be converted (see Errors), or it
            was sent under another value.
          </p>
        ) : (
          <div class="table-scroll">
            <table data-testid="lookup-table">
              <thead>
                <tr>
                  <th scope="col">Sent as</th>
                  <th scope="col">Type</th>
                  <th scope="col">ThreatConnect ID</th>
                  <th scope="col">State</th>
                  <th scope="col">In Sentinel</th>
                  <th scope="col">Last sent by</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((found) => (
                  <tr key={found.stixId} data-testid="lookup-row">
                    <td>
                      {found.name}
                      <div class="mono muted">{found.stixId}</div>
                    </td>
                    <td>{found.tcType ? indicatorTypeLabel(found.tcType) : '—'}</td>
                    <td>{found.tcId || '—'}</td>
                    <td>{found.revoked ? 'Revoked' : `Valid until ${formatTime(found.validUntil)}`}</td>
                    <td data-testid="lookup-sentinel">{sentinelText(found, reconciling)}</td>
                    <td>
                      <a href={`#/jobs?requestId=${encodeURIComponent(found.lastJob)}`} title={found.lastJob}>
                        {shortId(found.lastJob)}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
