import { useState } from 'preact/hooks';
import type { PreviewResult } from '../../../app/routes/api-types';
import { formatTime } from '../../components/format';
import { TableScroll } from '../../components/TableScroll';
import { matchSentence, previewRows } from './preview-rows';

export interface PreviewPanelProps {
  state: { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; result: PreviewResult };
}

/** What a query would send: how many indicators match, by type in the sample, and the sample as a table or as STIX. */
export function PreviewPanel({ state }: PreviewPanelProps) {
  const [stix, setStix] = useState(false);
  return (
    <section class="preview" aria-label="Preview" aria-live="polite" data-testid="preview">
      {state.status === 'loading' && <p role="status">Asking ThreatConnect…</p>}
      {state.status === 'error' && (
        <p class="inline-error" data-testid="preview-error">
          {state.error}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <p data-testid="preview-count">
            <strong>{matchSentence(state.result)}</strong>
          </p>
          {state.result.errors.length > 0 && (
            <ul class="field-errors">
              {state.result.errors.map((e) => (
                <li key={e.indicator}>
                  {e.indicator} cannot be converted: {e.message}
                </li>
              ))}
            </ul>
          )}
          {state.result.sample.length > 0 && (
            <>
              <label class="checkbox">
                <input type="checkbox" checked={stix} onChange={(e) => setStix(e.currentTarget.checked)} data-testid="preview-stix" />
                STIX
              </label>
              {stix ? (
                <pre class="json" tabIndex={0} aria-label="Sample STIX objects">
                  {JSON.stringify(state.result.sample, null, 2)}
                </pre>
              ) : (
                <SampleTable sample={state.result.sample} />
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function SampleTable({ sample }: { sample: object[] }) {
  return (
    <TableScroll label="Sample of what would be sent">
      <table class="data-table" data-testid="preview-table">
        <caption class="visually-hidden">Sample of what would be sent</caption>
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Type</th>
            <th scope="col">Owner</th>
            <th scope="col">Confidence</th>
            <th scope="col">Tags</th>
            <th scope="col">Valid until</th>
          </tr>
        </thead>
        <tbody>
          {previewRows(sample).map((r) => (
            <tr key={r.id}>
              <th scope="row" class="mono">
                {r.value}
              </th>
              <td class="nowrap">{r.type}</td>
              <td>{r.owner}</td>
              <td class="num">{r.confidence ?? '—'}</td>
              <td>{r.tags.join(', ') || '—'}</td>
              <td class="nowrap">{formatTime(r.validUntil)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
