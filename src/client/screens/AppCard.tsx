import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { AppSummaryDto } from '../../shared';
import { fetchAppExport, useDeleteApp } from '../api/hooks/apps';
import { Button, buttonClassName } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useToast } from '../ui/Toasts';
import { errorMessage } from '../ui/errorMessage';
import { downloadJson, exportFileName } from './downloadJson';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One app in the workspace's list: name, status, and what the caller's role may do with it. */
export function AppCard({ app, builder }: { app: AppSummaryDto; builder: boolean }) {
  const toast = useToast();
  const deleteApp = useDeleteApp(app.workspaceId);
  const [confirming, setConfirming] = useState(false);
  const [exporting, setExporting] = useState(false);
  const published = app.publishedAt !== null;
  const headingId = `app-${app.id}-name`;

  const exportApp = async () => {
    setExporting(true);
    try {
      downloadJson(await fetchAppExport(app.id), exportFileName(app.name));
    } catch (error) {
      toast.show(`Export failed: ${errorMessage(error)}`, 'error');
    } finally {
      setExporting(false);
    }
  };

  return (
    <li className="app-card ui-card" aria-labelledby={headingId}>
      <div className="app-card__head">
        <span className="app-card__icon" aria-hidden="true">{app.name.slice(0, 1).toUpperCase()}</span>
        <div className="app-card__titles">
          <h3 id={headingId} className="app-card__name">{app.name}</h3>
          <div className="app-card__meta">
            <span className={`badge ${published ? 'badge--success' : 'badge--neutral'}`}>{published ? 'Published' : 'Draft'}</span>
            <span>Edited {dateFormat.format(new Date(app.updatedAt))}</span>
          </div>
        </div>
      </div>
      <div className="app-card__actions">
        {published ? (
          <Link className={buttonClassName(builder ? 'secondary' : 'primary', 'sm')} to={`/app/${encodeURIComponent(app.id)}`}>Open</Link>
        ) : (
          <Button size="sm" disabled title="Publish the app to open it">Open</Button>
        )}
        {builder ? (
          <>
            <Link className={buttonClassName('primary', 'sm')} to={`/apps/${encodeURIComponent(app.id)}/edit`}>Edit</Link>
            <Button size="sm" variant="ghost" busy={exporting} onClick={() => void exportApp()}>Export</Button>
            <Button size="sm" variant="ghost" className="app-card__delete" onClick={() => setConfirming(true)}>Delete</Button>
          </>
        ) : null}
      </div>
      {builder ? (
        <ConfirmDialog
          open={confirming}
          title={`Delete “${app.name}”?`}
          message="The app, its pages, queries and published version are removed for everyone. This cannot be undone."
          destructive
          busy={deleteApp.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            deleteApp.mutate(app.id, {
              onSuccess: () => {
                setConfirming(false);
                toast.show(`Deleted “${app.name}”.`, 'success');
              },
              onError: (error) => toast.show(`Delete failed: ${errorMessage(error)}`, 'error'),
            })
          }
        />
      ) : null}
    </li>
  );
}
