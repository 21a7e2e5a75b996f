import type { ConfigState, QueryConfig, UpdateMode } from '../../app/export/types';
import type { ApiClient } from '../api/api-client';
import { ApiError, errorText } from '../api/api-error';
import { attachProblems, fromDraft, isDirty, moveRow, putRow, removeRow, toDraft, type DraftRow } from './config-draft';
import { createStore, type Store } from './create-store';

export interface ConfigureState {
  status: 'loading' | 'ready' | 'error';
  loadError?: string;
  saved?: ConfigState;
  editing: boolean;
  rows: DraftRow[];
  /** Problems of the last save that belong to no row. */
  general: string[];
  /** How many problems the last refused save had; 0 when none. */
  problemCount: number;
  notice?: string;
  /** Set when the last save was refused because someone else saved meanwhile (409). */
  conflict?: string;
}

export interface ConfigureStore {
  store: Store<ConfigureState>;
  load(): Promise<void>;
  startEdit(): void;
  /** Leaves edit mode and throws the draft away. */
  discard(): void;
  /** `notice`: what the check at Submit found, shown until the next change. */
  put(key: number | undefined, query: QueryConfig, notice?: string): void;
  remove(key: number): void;
  move(index: number, delta: number): void;
  /** Saves the draft; 'invalid' when the server refused it (its problems are then on the rows). */
  /** `resendAll`: the next full update sends every object, also those Sentinel holds unchanged. */
  save(nextUpdate: UpdateMode, options?: { resendAll?: boolean }): Promise<'saved' | 'invalid' | 'conflict'>;
  /** Throws the draft away and loads what is saved now (after a conflict). */
  reload(): Promise<void>;
  /** True while there are edits that are not saved. */
  dirty(): boolean;
}

const INITIAL: ConfigureState = { status: 'loading', editing: false, rows: [], general: [], problemCount: 0 };
const CONFLICT = 409;

/** The CONFIGURE screen's state: the saved list, the draft being edited, and the problems of the last save. */
export function createConfigureStore(api: ApiClient): ConfigureStore {
  const store = createStore<ConfigureState>(INITIAL);
  const update = (patch: Partial<ConfigureState>) => store.set((s) => ({ ...s, ...patch }));
  const edit = (change: (rows: DraftRow[]) => DraftRow[], notice?: string) => store.set((s) => ({ ...s, rows: change(s.rows), notice }));
  const afterSave = { problemCount: 0, general: [] as string[], conflict: undefined };

  return {
    store,
    async load() {
      update({ status: 'loading', loadError: undefined });
      try {
        const saved = await api.getConfig();
        update({ status: 'ready', saved, rows: store.get().editing ? store.get().rows : toDraft(saved.queries) });
      } catch (err) {
        update({ status: 'error', loadError: errorText(err) });
      }
    },
    startEdit() {
      const { saved } = store.get();
      update({ editing: true, rows: toDraft(saved?.queries ?? []), notice: undefined, ...afterSave });
    },
    discard() {
      update({ editing: false, rows: toDraft(store.get().saved?.queries ?? []), ...afterSave });
    },
    put: (key, query, notice) => edit((rows) => putRow(rows, key, query), notice),
    remove: (key) => edit((rows) => removeRow(rows, key)),
    move: (index, delta) => edit((rows) => moveRow(rows, index, delta)),
    async save(nextUpdate, options = {}) {
      try {
        // The revision the edits started from: a save over someone else's is refused, not silently overwriting it.
        const revision = store.get().saved?.revision;
        const resendAll = nextUpdate === 'full' && options.resendAll === true;
        const saved = await api.saveConfig({
          queries: fromDraft(store.get().rows),
          nextUpdate,
          ...(revision !== undefined ? { revision } : {}),
          ...(resendAll ? { resendAll } : {}),
        });
        const notice = `Saved. The next scheduled update will be a ${saved.nextUpdate} update${resendAll ? ' that re-sends every object' : ''}.`;
        update({ saved, editing: false, rows: toDraft(saved.queries), notice, ...afterSave });
        return 'saved';
      } catch (err) {
        if (err instanceof ApiError && err.status === CONFLICT) {
          update({ conflict: err.message });
          return 'conflict';
        }
        if (!(err instanceof ApiError) || err.status !== 400) throw err;
        const { rows, general } = attachProblems(store.get().rows, err.details);
        update({ rows, general: err.details.length > 0 ? general : [err.message], problemCount: Math.max(1, err.details.length) });
        return 'invalid';
      }
    },
    async reload() {
      update({ editing: false, rows: [], ...afterSave });
      await this.load();
    },
    dirty() {
      const s = store.get();
      return s.editing && isDirty(s.saved?.queries ?? [], s.rows);
    },
  };
}
