import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { WorkspaceDto } from '../../shared';
import { useApps, useCreateApp } from '../api/hooks/apps';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Spinner } from '../ui/Spinner';
import { errorMessage } from '../ui/errorMessage';
import { AppCard } from './AppCard';
import { ImportAppButton } from './ImportAppButton';
import { NameDialog } from './NameDialog';
import { canBuild } from './roleLabels';

/** The apps of a workspace as cards, with "New app" and "Import app" for builders. */
export function AppsPanel({ workspace }: { workspace: WorkspaceDto }) {
  const apps = useApps(workspace.id);
  const createApp = useCreateApp(workspace.id);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const builder = canBuild(workspace.role);

  const newApp = builder ? <Button variant="primary" onClick={() => setCreating(true)}>New app</Button> : null;
  return (
    <section aria-label="Apps">
      {builder ? (
        <div className="toolbar">
          {newApp}
          <ImportAppButton workspaceId={workspace.id} />
        </div>
      ) : null}
      {apps.isPending ? (
        <Spinner label="Loading apps" />
      ) : apps.isError ? (
        <div className="form-error" role="alert">{errorMessage(apps.error)}</div>
      ) : apps.data.length === 0 ? (
        <EmptyState title="No apps yet" icon="▦">
          {builder ? 'Create an app to start building, or import one exported from another Cordon.' : 'Nothing has been published in this workspace yet.'}
        </EmptyState>
      ) : (
        <ul className="app-grid" aria-label="Apps">
          {apps.data.map((app) => <AppCard key={app.id} app={app} builder={builder} />)}
        </ul>
      )}
      <NameDialog
        open={creating}
        title="New app"
        label="App name"
        busy={createApp.isPending}
        error={createApp.isError ? errorMessage(createApp.error) : undefined}
        onClose={() => { setCreating(false); createApp.reset(); }}
        onSubmit={(name) => createApp.mutate({ name }, { onSuccess: (app) => navigate(`/apps/${encodeURIComponent(app.id)}/edit`) })}
      />
    </section>
  );
}
