import type { ReactNode } from 'react';
import { Spinner } from '../../ui/Spinner';
import './adminPages.css';

export interface AdminTableProps {
  /** The table's accessible name. */
  label: string;
  /** The page's own class for the table. */
  className?: string;
  /** The `<th>` cells. */
  headings: ReactNode;
  /** The first page is loading: a spinner instead of the table. */
  pending: boolean;
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  rowCount: number;
  /** The `<tr>` rows. */
  children: ReactNode;
}

/** A table of an instance administration page (users, events, messages), with its loading and empty states. */
export function AdminTable({ label, className, headings, pending, empty, rowCount, children }: AdminTableProps) {
  if (pending) return <Spinner />;
  if (rowCount === 0) return <>{empty}</>;
  return (
    <div className="sessions-table">
      <table className={['data-table admin-table', className].filter(Boolean).join(' ')} aria-label={label}>
        <thead>
          <tr>{headings}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
