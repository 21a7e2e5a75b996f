import type { PreviewResult } from '../../../app/routes/api-types';
import { plural } from '../../components/format';

export interface PreviewPanelProps {
  state: { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; result: PreviewResult };
}

/** What a query would send: how many indicators match and the STIX the first few become. */
export function PreviewPanel({ state }: PreviewPanelProps) {
  return (
    <section class="preview" aria-label="Preview" aria-live="polite" data-testid="preview">
      {state.status === 'loading' && <p role="status">Asking ThreatConnect…</p>}
      {state.status === 'error' && <p class="inline-error">Preview failed: {state.error}</p>}
      {state.status === 'ready' && (
        <>
          <p data-testid="preview-count">
            <strong>{plural(state.result.count, 'indicator')}</strong> match this query.
            {state.result.sample.length > 0 && ` The first ${plural(state.result.sample.length, 'STIX object')}:`}
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
            <pre class="json" tabIndex={0} aria-label="Sample STIX objects">
              {JSON.stringify(state.result.sample, null, 2)}
            </pre>
          )}
        </>
      )}
    </section>
  );
}
