import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { ErrorRecord } from '../../../app/export/types';
import { formatTime } from '../../components/format';

export interface ErrorsTableProps {
  errors: ErrorRecord[];
  /** The number of the first row in the whole list (21 on page 2): rows are named by it. */
  first: number;
}

const COLUMNS = 5;

/** Errors with time, request ID, step and message; each row opens to show its raw contents as JSON. */
export function ErrorsTable({ errors, first }: ErrorsTableProps) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div class="table-scroll">
      <table class="data-table" data-testid="errors-table">
        <caption class="visually-hidden">Errors, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Request ID</th>
            <th scope="col">Step</th>
            <th scope="col">Message</th>
            <th scope="col">Raw contents</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => {
            const expanded = open.has(e.id);
            const n = first + i;
            return (
              <Fragment key={e.id}>
                <tr data-testid="error-row">
                  <td class="nowrap">{formatTime(e.time)}</td>
                  <td class="mono">{e.requestId}</td>
                  <td>{e.step}</td>
                  <th scope="row" class="message">
                    {e.message}
                  </th>
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
                    <td colSpan={COLUMNS}>
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
    </div>
  );
}
