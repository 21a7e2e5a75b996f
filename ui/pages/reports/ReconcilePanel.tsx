import { useEffect, useState } from 'preact/hooks';
import type { DriftKind, ReconcileState, ReconcileSummary } from '../../../app/routes/api-types';
import type { ApiClient } from '../../api/api-client';
import { errorText } from '../../api/api-error';
import { formatDuration, formatTime, plural } from '../../components/format';
import { indicatorTypeLabel } from '../../components/labels';
import { LoadState } from '../../components/LoadState';
import { ConfirmModal } from '../../components/ConfirmModal';
import { Pager } from '../../components/Pager';
import { useRemote } from '../../stores/use-remote';
import { TableScroll } from '../../components/TableScroll';

export interface ReconcilePanelProps {
  api: ApiClient;
}

const DRIFT_PAGE_SIZE = 10;
const KIND_LABELS: Record<DriftKind, string> = { missing: 'Missing', unknown: 'Unknown', altered: 'Altered' };

/**
 * Reconciliation with Sentinel on REPORTS: what Sentinel holds from the App against what the ledger expects, type by
 * type, when it was last checked, the drift found, and the ways out (re-send the missing, revoke or adopt the
 * unknown, each asked once more with its count).
 */
export function ReconcilePanel({ api }: ReconcilePanelProps) {
  const [tick, setTick] = useState(0);
  const state = useRemote((signal) => api.getReconcile(signal), [], tick);
  const running = state.data?.running === true;
  // While it runs, look again every second; once more when it ends.
  useEffect(() => {
    if (!running) return undefined;
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [running]);

  return (
    <section class="reconcile" aria-labelledby="reconcile-title" data-testid="reconcile-panel">
      <h2 id="reconcile-title">Reconciliation with Sentinel</h2>
      <LoadState remote={state} what="the reconciliation" isEmpty={() => false} empty="">
        {(s) => (s.enabled ? <ReconcileOn api={api} state={s} refresh={() => setTick((n) => n + 1)} /> : <ReconcileOff state={s} />)}
      </LoadState>
    </section>
  );
}

function ReconcileOff({ state }: { state: ReconcileState }) {
  return (
    <p class="help" data-testid="reconcile-off">
      <strong>Off.</strong> {state.help}
    </p>
  );
}

function ReconcileOn({ api, state, refresh }: { api: ApiClient; state: ReconcileState; refresh(): void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const summary = state.summary;
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ ok: true, text: await work() });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
      refresh();
    }
  };
  return (
    <>
      <div class="page-header">
        <p data-testid="reconcile-status">
          {state.running ? 'Reconciling now…' : summary ? <LastChecked summary={summary} /> : 'Not checked yet: it runs after each completed job, or now.'}
        </p>
        <button
          type="button"
          disabled={busy || state.running}
          onClick={() => void act(async () => (await api.startReconcile(true), 'Reconciliation started.'))}
        >
          Reconcile now
        </button>
      </div>
      <p class={message?.ok ? 'notice' : 'inline-error'} role={message?.ok ? 'status' : 'alert'} data-testid="reconcile-message">
        {message?.text}
      </p>
      {summary && summary.perType.length > 0 && <PerType summary={summary} />}
      {summary && <Drift api={api} summary={summary} busy={busy || state.running} act={act} />}
    </>
  );
}

function LastChecked({ summary }: { summary: ReconcileSummary }) {
  const how = summary.mode === 'list' ? 'every object listed and compared' : 'the counts agreed';
  return (
    <>
      Last checked {formatTime(summary.checkedAt)} ({how}; {plural(summary.requests, 'request')} in {formatDuration(summary.seconds * 1000)}). Sentinel holds{' '}
      <strong>{summary.sentinelCount.toLocaleString()}</strong> objects from the App; the ledger records <strong>{summary.ledgerCount.toLocaleString()}</strong>
      {summary.listedAt && summary.listedAt !== summary.checkedAt ? `. Last full listing ${formatTime(summary.listedAt)}` : ''}.
    </>
  );
}

function PerType({ summary }: { summary: ReconcileSummary }) {
  return (
    <TableScroll label="Indicators per type">
      <table class="per-type" data-testid="reconcile-per-type">
        <caption>Active indicators per type, at the last listing</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">In Sentinel</th>
            <th scope="col">Expected</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {summary.perType.map((row) => (
            <tr key={row.type} class={row.sentinel === row.expected ? '' : 'differs'}>
              <th scope="row">{indicatorTypeLabel(row.type)}</th>
              <td>{row.sentinel.toLocaleString()}</td>
              <td>{row.expected.toLocaleString()}</td>
              <td>{row.sentinel === row.expected ? '—' : (row.sentinel - row.expected).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

type Confirm = { action: 'revoke' | 'adopt'; count: number };

function Drift({ api, summary, busy, act }: { api: ApiClient; summary: ReconcileSummary; busy: boolean; act(work: () => Promise<string>): Promise<void> }) {
  const [kind, setKind] = useState<DriftKind | ''>('');
  const [page, setPage] = useState(1);
  const [confirm, setConfirm] = useState<Confirm>();
  const filter = { ...(kind ? { kind } : {}), page, pageSize: DRIFT_PAGE_SIZE };
  const drift = useRemote((signal) => api.listDrift(filter, signal), [filter, summary.checkedAt]);
  const total = summary.missing + summary.unknown + summary.altered;
  if (summary.mode === 'count' && !summary.listedAt) return null;
  return (
    <div data-testid="reconcile-drift">
      <h3>Drift</h3>
      <p data-testid="drift-counts">
        {total === 0
          ? 'None: Sentinel holds every object as the App sent it.'
          : `${plural(summary.missing, 'missing object')} (sent, not in Sentinel: the next job sends them again), ${plural(summary.unknown, 'unknown object')} (under the App’s source, not sent by it as far as the ledger knows), ${plural(summary.altered, 'altered object')} (not as sent).`}
      </p>
      <div class="actions">
        {summary.missing > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(async () => `Started delta job ${(await api.startJob('delta')).requestId}: it sends the missing objects again.`)}
          >
            Re-send the {summary.missing.toLocaleString()} missing now
          </button>
        )}
        {summary.unknown > 0 && (
          <>
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirm({ action: 'revoke', count: summary.unknown })}>
              Revoke the {summary.unknown.toLocaleString()} unknown…
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirm({ action: 'adopt', count: summary.unknown })}>
              Adopt the {summary.unknown.toLocaleString()} unknown into the ledger…
            </button>
          </>
        )}
      </div>
      {total > 0 && (
        <>
          <label>
            Show{' '}
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.currentTarget.value as DriftKind | '');
                setPage(1);
              }}
            >
              <option value="">all drift</option>
              <option value="missing">missing</option>
              <option value="unknown">unknown</option>
              <option value="altered">altered</option>
            </select>
          </label>
          <LoadState remote={drift} what="the drift" isEmpty={(p) => p.items.length === 0} empty="Nothing of this kind.">
            {(p) => (
              <>
                <TableScroll label="Drift">
                  <table data-testid="drift-table">
                    <thead>
                      <tr>
                        <th scope="col">Kind</th>
                        <th scope="col">STIX ID</th>
                        <th scope="col">Type</th>
                        <th scope="col">What was found</th>
                        <th scope="col">Found</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.items.map((item) => (
                        <tr key={`${item.kind}:${item.stixId}`}>
                          <td>{KIND_LABELS[item.kind]}</td>
                          <td class="mono">{item.stixId}</td>
                          <td>{item.tcType ? indicatorTypeLabel(item.tcType) : '—'}</td>
                          <td>{item.detail}</td>
                          <td class="nowrap">{formatTime(item.foundAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
                <Pager page={p.page} pageSize={p.pageSize} total={p.total} noun="drift item" onPage={setPage} />
              </>
            )}
          </LoadState>
        </>
      )}
      {confirm && (
        <ConfirmUnknown
          confirm={confirm}
          onCancel={() => setConfirm(undefined)}
          onConfirm={() =>
            act(async () => {
              const result = await api.resolveUnknown(confirm).finally(() => setConfirm(undefined));
              const failed = result.failed > 0 ? `; ${result.failed} could not be sent and stay reported` : '';
              return result.action === 'adopt'
                ? `${plural(result.done, 'object')} adopted into the ledger.`
                : `${plural(result.done, 'object')} revoked in Sentinel${failed}.`;
            })
          }
        />
      )}
    </div>
  );
}

function ConfirmUnknown({ confirm, onCancel, onConfirm }: { confirm: Confirm; onCancel(): void; onConfirm(): Promise<void> }) {
  const n = confirm.count.toLocaleString();
  const [busy, setBusy] = useState(false);
  const revoke = confirm.action === 'revoke';
  return (
    <ConfirmModal
      title={revoke ? `Revoke ${n} unknown objects?` : `Adopt ${n} unknown objects?`}
      testId="confirm-unknown"
      confirmLabel={revoke ? `Revoke ${n} objects` : `Adopt ${n} objects`}
      busyLabel="Working…"
      tone={revoke ? 'danger' : 'primary'}
      busy={busy}
      onConfirm={() => {
        setBusy(true);
        void onConfirm().finally(() => setBusy(false));
      }}
      onCancel={onCancel}
    >
      {revoke ? (
        <p>
          {n} objects Sentinel holds under the App’s source, which the ledger does not know, will be re-sent revoked: they stop being detections. Do this when
          they are left over from an earlier installation or another tool using the same source name.
        </p>
      ) : (
        <p>
          The ledger will take the {n} objects as Sentinel holds them (after a lost ledger, or one restored from an older copy). The next full update then
          revokes those no query configuration returns any more, through the revoke guard.
        </p>
      )}
    </ConfirmModal>
  );
}
