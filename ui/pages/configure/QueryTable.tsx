import type { QueryConfig } from '../../../app/export/types';
import { indicatorTypeLabel } from '../../components/labels';
import { TableScroll } from '../../components/TableScroll';
import type { DraftRow, QueryField } from '../../stores/config-draft';

export interface QueryTableProps {
  rows: DraftRow[];
  editing: boolean;
  onEdit(key: number): void;
  onRemove(key: number): void;
  onMove(index: number, delta: number): void;
}

const COLUMNS: Array<[QueryField, string, (q: QueryConfig) => string]> = [
  ['owners', 'Owners', (q) => q.owners.join(', ')],
  ['indicatorTypes', 'Indicator Types', (q) => q.indicatorTypes.map(indicatorTypeLabel).join(', ')],
  ['tql', 'TQL', (q) => q.tql],
  ['sortField', 'Sort Field', (q) => q.sortField],
  ['sortDirection', 'Direction', (q) => (q.sortDirection === 'asc' ? 'Ascending' : 'Descending')],
];

/** The ordered query configurations; in edit mode each row can move, be edited or deleted. */
export function QueryTable({ rows, editing, onEdit, onRemove, onMove }: QueryTableProps) {
  return (
    <TableScroll label="Query configurations">
      <table class="data-table" data-testid="query-table">
        <caption class="visually-hidden">Query configurations, in the order they are run</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            {editing && <th scope="col">Actions</th>}
            {COLUMNS.map(([field, title]) => (
              <th scope="col" key={field}>
                {title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const rowProblems = Object.values(row.problems).flat();
            const label = `configuration ${i + 1}`;
            return (
              <tr key={row.key} class={rowProblems.length ? 'has-problems' : undefined} data-testid="query-row">
                <th scope="row">{i + 1}</th>
                {editing && (
                  <td class="row-actions">
                    <button type="button" class="icon-button" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => onMove(i, -1)}>
                      ↑
                    </button>
                    <button type="button" class="icon-button" aria-label={`Move ${label} down`} disabled={i === rows.length - 1} onClick={() => onMove(i, 1)}>
                      ↓
                    </button>
                    <button type="button" aria-label={`Edit ${label}`} onClick={() => onEdit(row.key)}>
                      Edit
                    </button>
                    <button type="button" class="danger" aria-label={`Delete ${label}`} onClick={() => onRemove(row.key)}>
                      Delete
                    </button>
                  </td>
                )}
                {COLUMNS.map(([field, , show]) => (
                  <td key={field} class={field === 'tql' ? 'code' : undefined}>
                    {show(row.query)}
                    {(row.problems[field] ?? []).map((m) => (
                      <span class="cell-error" key={m} data-testid="cell-error">
                        {m}
                      </span>
                    ))}
                    {field === 'owners' &&
                      (row.problems._ ?? []).map((m) => (
                        <span class="cell-error" key={m} data-testid="cell-error">
                          {m}
                        </span>
                      ))}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
