import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { SORT_FIELDS, type QueryConfig, type SortDirection, type SortField } from '../../../app/export/types';
import type { PreviewResult } from '../../../app/routes/api-types';
import { TC_INDICATOR_TYPES, type TcIndicatorType } from '../../../sdk/browser';
import type { ApiClient } from '../../api/api-client';
import { ApiError, errorText } from '../../api/api-error';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { FieldErrors } from '../../components/FieldErrors';
import { indicatorTypeLabel } from '../../components/labels';
import { Modal } from '../../components/Modal';
import { problemsByField } from '../../stores/config-draft';
import { useRemote } from '../../stores/use-remote';
import { PreviewPanel, type PreviewPanelProps } from './PreviewPanel';
import { checkQueryLocally, EMPTY_QUERY, mergeProblems, withoutFields, type FormProblems } from './query-form-state';

export interface QueryFormProps {
  api: ApiClient;
  /** The query being edited; absent when adding one. */
  initial?: QueryConfig;
  /** Problems the server found with this query at the last save. */
  problems?: FormProblems;
  /** Called once ThreatConnect has accepted the query, with what Preview would have shown. */
  onSubmit(query: QueryConfig, checked: PreviewResult): void;
  onClose(): void;
}

/** The first field with a problem, in the order shown: a group's first checkbox (or its filter), or the field. */
function firstInvalid(form: HTMLFormElement): HTMLElement | undefined {
  const field = form.querySelector<HTMLElement>('.checkbox-group.invalid, [aria-invalid="true"]');
  if (!field?.matches('fieldset')) return field ?? undefined;
  return field.querySelector<HTMLElement>('input[type="checkbox"]') ?? field.querySelector<HTMLElement>('input') ?? undefined;
}

/** The Add / Edit TQL Configuration window. */
export function QueryForm({ api, initial, problems = {}, onSubmit, onClose }: QueryFormProps) {
  const [q, setQ] = useState<QueryConfig>(initial ?? EMPTY_QUERY);
  const [local, setLocal] = useState<FormProblems>({});
  const [preview, setPreview] = useState<PreviewPanelProps['state']>({ status: 'idle' });
  const [previewProblems, setPreviewProblems] = useState<FormProblems>({});
  const owners = useRemote(() => api.owners(), []);
  const ids = { tql: useId(), tqlErr: useId(), sortField: useId(), sortDir: useId(), sortErr: useId() };
  const [touched, setTouched] = useState<Set<string>>(new Set());
  // A problem stops showing once its field is changed: it was about the old value.
  const shown = mergeProblems(withoutFields(problems, touched), previewProblems, local);
  const set = (patch: Partial<QueryConfig>) => {
    setQ((prev) => ({ ...prev, ...patch }));
    setTouched((prev) => new Set([...prev, ...Object.keys(patch)]));
    setLocal((prev) => withoutFields(prev, new Set(Object.keys(patch))));
    setPreviewProblems((prev) => withoutFields(prev, new Set(Object.keys(patch))));
  };
  const ownerNames = [...new Set([...(owners.data ?? []).map((o) => o.name), ...q.owners])];
  const form = useRef<HTMLFormElement>(null);
  // Bumped by a refused Submit: once its problems are on screen, focus goes to the first, where the fix starts.
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused && form.current) firstInvalid(form.current)?.focus();
  }, [refused]);
  const closed = useRef(false);
  useEffect(
    () => () => {
      closed.current = true;
    },
    [],
  );

  // Preview and Submit ask the same route: a TQL that ThreatConnect refuses is caught here, not at Save.
  const check = async (query: QueryConfig, failed: string): Promise<PreviewResult | undefined> => {
    setPreview({ status: 'loading' });
    setPreviewProblems({});
    try {
      const result = await api.preview(query);
      setPreview({ status: 'ready', result });
      return result;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setPreviewProblems(problemsByField(err.details));
      setPreview({ status: 'error', error: `${failed}: ${errorText(err)}` });
      return undefined;
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkQueryLocally(q);
    setLocal(found);
    if (Object.keys(found).length > 0) return setRefused((n) => n + 1);
    const query = { ...q, tql: q.tql.trim() };
    const result = await check(query, 'Not submitted');
    // Closed (Esc, Cancel) while ThreatConnect was asked: closing meant not adding it.
    if (closed.current) return;
    if (result) onSubmit(query, result);
    else setRefused((n) => n + 1);
  };

  return (
    <Modal title={initial ? 'Edit TQL Configuration' : 'Add TQL Configuration'} onClose={onClose} testId="query-form" wide>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        {owners.status === 'loading' && <p role="status">Loading owners…</p>}
        {owners.status === 'error' && (
          <p class="inline-error" role="alert">
            Could not load the owners: {owners.error}{' '}
            <button type="button" onClick={owners.reload}>
              Retry
            </button>
          </p>
        )}
        <CheckboxGroup
          legend="Owners to Query"
          options={ownerNames}
          selected={q.owners}
          onChange={(owners) => set({ owners })}
          filterable={ownerNames.length > 8}
          errors={shown.owners}
          testId="owners"
        />
        <CheckboxGroup
          legend="Indicator Types to Retrieve"
          options={TC_INDICATOR_TYPES}
          label={indicatorTypeLabel}
          selected={q.indicatorTypes}
          onChange={(types) => set({ indicatorTypes: types as TcIndicatorType[] })}
          errors={shown.indicatorTypes}
          testId="indicator-types"
        />
        <div class="field">
          <label for={ids.tql}>TQL</label>
          <textarea
            id={ids.tql}
            rows={3}
            value={q.tql}
            aria-invalid={shown.tql?.length ? true : undefined}
            aria-describedby={shown.tql?.length ? ids.tqlErr : undefined}
            onInput={(e) => set({ tql: e.currentTarget.value })}
            data-testid="tql"
          />
          <FieldErrors id={ids.tqlErr} errors={shown.tql} />
        </div>
        <div class="field-row">
          <div class="field">
            <label for={ids.sortField}>Sort Field</label>
            <select
              id={ids.sortField}
              value={q.sortField}
              onChange={(e) => set({ sortField: e.currentTarget.value as SortField })}
              aria-describedby={ids.sortErr}
            >
              {SORT_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={ids.sortDir}>Sort Direction</label>
            <select
              id={ids.sortDir}
              value={q.sortDirection}
              onChange={(e) => set({ sortDirection: e.currentTarget.value as SortDirection })}
              aria-describedby={ids.sortErr}
            >
              <option value="asc">Ascending</option>
              <option value="desc">Descending</option>
            </select>
          </div>
        </div>
        <FieldErrors id={ids.sortErr} errors={[...(shown.sortField ?? []), ...(shown.sortDirection ?? []), ...(shown._ ?? []), ...(shown.body ?? [])]} />
        <PreviewPanel state={preview} />
        <div class="actions">
          <button type="button" onClick={() => void check({ ...q, tql: q.tql.trim() }, 'Preview failed')} disabled={preview.status === 'loading'}>
            Preview
          </button>
          <span class="spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={preview.status === 'loading'}>
            Submit
          </button>
        </div>
      </form>
    </Modal>
  );
}
