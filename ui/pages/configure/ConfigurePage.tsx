import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../../api/api-client';
import { plural } from '../../components/format';
import { NextRun } from '../../components/NextRun';
import { RunNow } from '../../components/RunNow';
import type { ConfigureStore } from '../../stores/configure-store';
import { useStore } from '../../stores/create-store';
import type { Health } from '../../stores/use-health';
import { matchSentence } from './preview-rows';
import { QueryForm } from './QueryForm';
import { QueryTable } from './QueryTable';
import { SaveDialog } from './SaveDialog';

export interface ConfigurePageProps {
  api: ApiClient;
  configure: ConfigureStore;
  health: Health;
}

type Window = { kind: 'add' } | { kind: 'edit'; key: number } | { kind: 'save' } | undefined;

/** CONFIGURE: the ordered query configurations, edited as a draft and saved with the next update's mode. */
export function ConfigurePage({ api, configure, health }: ConfigurePageProps) {
  const s = useStore(configure.store);
  const [open, setOpen] = useState<Window>();
  // Loads again when the service answers after it had stopped, and when a job ends (a full update that succeeds
  // turns the next one to delta). Never under edits: their revision must stay the one they started from.
  const seen = useRef<Pick<Health, 'reconnects' | 'runningJob'>>();
  useEffect(() => {
    const before = seen.current;
    seen.current = { reconnects: health.reconnects, runningJob: health.runningJob };
    const due = !before || before.reconnects !== health.reconnects || (before.runningJob !== undefined && health.runningJob === undefined);
    if (due && !configure.store.get().editing) void configure.load();
  }, [configure, health.reconnects, health.runningJob]);
  // Bumped by a save the service refused as invalid: once the window has closed, focus goes to the first problem.
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (!refused) return;
    const row = document.querySelector('[data-testid="query-row"].has-problems');
    (row?.querySelector<HTMLElement>('button[aria-label^="Edit "]') ?? document.querySelector<HTMLElement>('[data-testid="save-problems"]'))?.focus();
  }, [refused]);
  const editingRow = open?.kind === 'edit' ? s.rows.find((r) => r.key === open.key) : undefined;

  return (
    <section aria-labelledby="configure-title" data-testid="configure-page">
      <header class="page-header">
        <h1 id="configure-title">Configure</h1>
        <div class="toolbar">
          {s.editing ? (
            <>
              <button type="button" class="primary" onClick={() => setOpen({ kind: 'save' })} data-testid="save">
                Save
              </button>
              <button type="button" onClick={() => configure.discard()} data-testid="cancel-edit">
                Cancel
              </button>
            </>
          ) : (
            <button type="button" class="primary" disabled={s.status !== 'ready'} onClick={() => configure.startEdit()} data-testid="edit">
              Edit
            </button>
          )}
        </div>
      </header>
      <p class="muted">
        Each query configuration selects indicators to send to Microsoft Sentinel. When an indicator is returned by several, the copy from the configuration
        highest in the list is sent.
      </p>
      <NextRun at={health.nextRunAt} mode={s.saved?.nextUpdate} />
      <p class="notice" role="status" data-testid="notice">
        {s.notice}
      </p>
      {s.conflict && (
        <div class="state error" role="alert" data-testid="save-conflict">
          <p>Not saved: {s.conflict}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void configure.reload()}>
              Reload the saved configuration
            </button>
          </div>
          <p class="muted">Reloading throws these edits away: note what you changed first if you want to make it again.</p>
        </div>
      )}
      {s.problemCount > 0 && (
        <div class="state error" role="alert" tabIndex={-1} data-testid="save-problems">
          <p>
            Not saved: the configuration has {plural(s.problemCount, 'problem')}. Each is shown in the table next to the value it concerns; use Edit on that row
            to fix it.
          </p>
          {s.general.length > 0 && (
            <ul>
              {s.general.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {s.status === 'loading' && !s.saved && (
        <p class="state loading" role="status" data-testid="loading">
          Loading the configuration…
        </p>
      )}
      {s.status === 'error' && (
        <div class="state error" role="alert" data-testid="load-error">
          <p>Could not load the configuration: {s.loadError}</p>
          <button type="button" onClick={() => void configure.load()}>
            Retry
          </button>
        </div>
      )}
      {s.saved && s.rows.length === 0 && (
        <p class="state empty" data-testid="empty">
          No query configurations yet.{s.editing ? ' Use Add to create one.' : ' Use Edit, then Add, to create one.'}
        </p>
      )}
      {s.rows.length > 0 && (
        <QueryTable
          rows={s.rows}
          editing={s.editing}
          onEdit={(key) => setOpen({ kind: 'edit', key })}
          onRemove={(key) => configure.remove(key)}
          onMove={(i, d) => configure.move(i, d)}
        />
      )}
      {s.editing && (
        <button type="button" onClick={() => setOpen({ kind: 'add' })} data-testid="add">
          Add
        </button>
      )}
      {!s.editing && s.saved && (
        <section class="run-section" aria-label="Run an update now">
          <h2>Run an update now</h2>
          <RunNow api={api} nextMode={s.saved.nextUpdate} running={health.runningJob} onStarted={health.poke} />
        </section>
      )}
      {(open?.kind === 'add' || editingRow) && (
        <QueryForm
          api={api}
          {...(editingRow ? { initial: editingRow.query, problems: editingRow.problems } : {})}
          onClose={() => setOpen(undefined)}
          onSubmit={(query, checked) => {
            configure.put(editingRow?.key, query, `Checked with ThreatConnect: ${matchSentence(checked)} Save to keep this change.`);
            setOpen(undefined);
          }}
        />
      )}
      {open?.kind === 'save' && (
        <SaveDialog
          nextRunAt={health.nextRunAt}
          current={s.saved?.nextUpdate}
          onCancel={() => setOpen(undefined)}
          onSave={async (mode, options) => {
            const result = await configure.save(mode, options);
            setOpen(undefined);
            if (result === 'invalid') setRefused((n) => n + 1);
          }}
        />
      )}
    </section>
  );
}
