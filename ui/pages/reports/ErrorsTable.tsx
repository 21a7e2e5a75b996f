import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { ErrorGroupRecord, ErrorRecord } from '../../../app/export/types';
import { formatTime, plural, shortId } from '../../components/format';
import { indicatorTypeLabel } from '../../components/labels';
import { hashOf } from '../../stores/hash-route';
import { TableScroll } from '../../components/TableScroll';

/** One error, or (merged) the latest of identical ones with how many, where and when. */
export type ErrorRow = ErrorRecord & Partial<Pick<ErrorGroupRecord, 'count' | 'requestIds' | 'origins' | 'firstTime'>>;

export interface ErrorsTableProps {
  errors: ErrorRow[];
  /** The number of the first row in the whole list (21 on page 2): rows are named by it. */
  first: number;
  /** Identical errors are merged: a Count column. */
  merged: boolean;
}

/** Jobs named in a merged row before "+N more". */
const JOBS_SHOWN = 3;

/** Its job on JOBS, filtered by its request ID. */
export function jobLink(requestId: string): string {
  return hashOf('jobs', { requestId });
}

function JobLinks({ error }: { error: ErrorRow }) {
  const ids = error.requestIds?.length ? error.requestIds : [error.requestId];
  const more = ids.length - JOBS_SHOWN;
  return (
    <>
      {ids.slice(0, JOBS_SHOWN).map((id) => (
        <a key={id} class="mono job-link" href={jobLink(id)} title={`Job ${id}`} data-testid="error-job-link">
          {shortId(id)}
        </a>
      ))}
      {more > 0 && <span class="muted"> +{more} more</span>}
    </>
  );
}

function Indicator({ error }: { error: ErrorRow }) {
  const value = error.indicator?.value;
  const link = error.indicator?.webLink;
  if (!value) return <span class="muted">—</span>;
  return link ? (
    <a href={link} target="_blank" rel="noopener noreferrer" class="indicator-value" title="Open in ThreatConnect" data-testid="indicator-link">
      {value}
    </a>
  ) : (
    <span class="indicator-value">{value}</span>
  );
}

/**
 * Errors with time, request ID (a link to its job), step, message, the configuration and the indicator they are
 * about (its value a link to ThreatConnect); merged, how many; each row opens to show its raw contents as JSON.
 */
export function ErrorsTable({ errors, first, merged }: ErrorsTableProps) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columns = merged ? 10 : 9;
  return (
    <TableScroll label="Errors table">
      <table class="data-table errors-table" data-testid="errors-table">
        <caption class="visually-hidden">{merged ? 'Errors, identical ones merged, newest first' : 'Errors, newest first'}</caption>
        <thead>
          <tr>
            <th scope="col">{merged ? 'Last seen' : 'Time'}</th>
            {merged && (
              <th scope="col" class="num">
                Count
              </th>
            )}
            <th scope="col">Request ID</th>
            <th scope="col">Step</th>
            <th scope="col">Message</th>
            <th scope="col">Configuration</th>
            <th scope="col">Type</th>
            <th scope="col">Owner</th>
            <th scope="col">Indicator</th>
            <th scope="col">Raw</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => {
            const expanded = open.has(e.id);
            const n = first + i;
            const count = e.count ?? 1;
            const origins = e.origins ?? (e.origin ? [e.origin] : []);
            const since = count > 1 && e.firstTime ? `${plural(count, 'time')} since ${formatTime(e.firstTime)}` : undefined;
            return (
              <Fragment key={e.id}>
                <tr data-testid="error-row">
                  <td class="nowrap" title={since}>
                    {formatTime(e.time)}
                  </td>
                  {merged && (
                    <td class="num" title={since} data-testid="error-count">
                      {count.toLocaleString()}
                    </td>
                  )}
                  <td class="nowrap">
                    <JobLinks error={e} />
                  </td>
                  <td>{e.step}</td>
                  <th scope="row" class="message">
                    {e.message}
                  </th>
                  <td data-testid="error-origin">
                    {origins.length ? (
                      origins.map((o, k) => (
                        <span key={o} class="origin">
                          {o}
                          {k < origins.length - 1 ? ', ' : ''}
                        </span>
                      ))
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td>{e.indicator?.type ? indicatorTypeLabel(e.indicator.type) : <span class="muted">—</span>}</td>
                  <td>{e.indicator?.owner ?? <span class="muted">—</span>}</td>
                  <td>
                    <Indicator error={e} />
                  </td>
                  <td>
                    {e.raw === undefined ? (
                      <span class="muted">none</span>
                    ) : (
                      <button
                        type="button"
                        aria-expanded={expanded}
                        aria-controls={`raw-${e.id}`}
                        aria-label={`${expanded ? 'Hide' : 'Show'} raw contents of error ${n}`}
                        onClick={() => toggle(e.id)}
                      >
                        {expanded ? 'Hide' : 'Show'}
                      </button>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr class="details-row" id={`raw-${e.id}`}>
                    <td colSpan={columns}>
                      <pre class="json" tabIndex={0} aria-label={`Raw contents of error ${n}, at ${formatTime(e.time)}`} data-testid="raw">
                        {JSON.stringify(e.raw, null, 2)}
                      </pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
