import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../api/hooks/auth';
import { useCreateWorkspace, useWorkspaces } from '../api/hooks/workspaces';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageSpinner } from '../ui/Spinner';
import { TopBar } from '../ui/TopBar';
import { errorMessage } from '../ui/errorMessage';
import { AppsPanel } from './AppsPanel';
import { MembersPanel } from './MembersPanel';
import { NameDialog } from './NameDialog';
import { UserNav } from './account/UserNav';
import { roleLabels } from './roleLabels';

type Tab = 'apps' | 'members';

/**
 * `/`: workspaces on the left, the selected workspace's apps (or members) in the main area.
 * The selection lives in the URL (`?ws=<id>&tab=members`) so reloads and links keep it.
 */
export function HomeScreen() {
  const me = useMe();
  const workspaces = useWorkspaces();
  const createWorkspace = useCreateWorkspace();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);

  if (workspaces.isPending) return <PageSpinner />;

  const list = workspaces.data ?? [];
  const selected = list.find((w) => w.id === params.get('ws')) ?? list[0];
  const tab: Tab = params.get('tab') === 'members' ? 'members' : 'apps';
  const select = (id: string, nextTab: Tab = 'apps') => setParams(nextTab === 'apps' ? { ws: id } : { ws: id, tab: nextTab });
  const openCreate = () => setCreating(true);

  return (
    <div className="shell">
      <TopBar actions={<UserNav />} />
      {workspaces.isError ? (
        <main className="shell__main"><EmptyState title="Could not load your workspaces">{errorMessage(workspaces.error)}</EmptyState></main>
      ) : !selected ? (
        <main className="shell__main">
          <EmptyState
            title={`Welcome to Cordon${me.data ? `, ${me.data.name}` : ''}`}
            icon="✦"
            action={<Button variant="primary" onClick={openCreate}>New workspace</Button>}
          >
            A workspace holds your team's apps, datasources and members. Create one to get started.
          </EmptyState>
        </main>
      ) : (
        <div className="home">
          <nav className="home__sidebar" aria-label="Workspaces">
            <div className="home__sidebar-head">
              <h2 className="home__sidebar-title">Workspaces</h2>
            </div>
            <ul className="ws-list">
              {list.map((w) => (
                <li key={w.id}>
                  <button type="button" className={`ws-list__item${w.id === selected.id ? ' is-active' : ''}`} aria-current={w.id === selected.id ? 'true' : undefined} onClick={() => select(w.id)}>
                    <span className="ws-list__avatar" aria-hidden="true">{w.name.slice(0, 1).toUpperCase()}</span>
                    <span className="ws-list__name">{w.name}</span>
                  </button>
                </li>
              ))}
            </ul>
            <Button variant="ghost" className="home__new-ws" onClick={openCreate}><span aria-hidden="true">+</span>New workspace</Button>
          </nav>
          <main className="home__main">
            <header className="home__header">
              <div>
                <h1 className="home__title">{selected.name}</h1>
                <p className="home__subtitle">Your role: {roleLabels[selected.role]}</p>
              </div>
            </header>
            <div
              className="tabs"
              role="tablist"
              aria-label="Workspace sections"
              onKeyDown={(event) => {
                // The ARIA tabs pattern: arrow keys move between tabs.
                if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
                const next: Tab = tab === 'apps' ? 'members' : 'apps';
                select(selected.id, next);
                document.getElementById(`tab-${next}`)?.focus();
              }}
            >
              <button type="button" role="tab" id="tab-apps" aria-controls="panel-apps" aria-selected={tab === 'apps'} tabIndex={tab === 'apps' ? 0 : -1} className="tabs__tab" onClick={() => select(selected.id)}>Apps</button>
              <button type="button" role="tab" id="tab-members" aria-controls="panel-members" aria-selected={tab === 'members'} tabIndex={tab === 'members' ? 0 : -1} className="tabs__tab" onClick={() => select(selected.id, 'members')}>Members</button>
            </div>
            <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabs__panel">
              {tab === 'apps' ? <AppsPanel key={selected.id} workspace={selected} /> : <MembersPanel key={selected.id} workspace={selected} />}
            </div>
          </main>
        </div>
      )}
      <NameDialog
        open={creating}
        title="New workspace"
        label="Workspace name"
        busy={createWorkspace.isPending}
        error={createWorkspace.isError ? errorMessage(createWorkspace.error) : undefined}
        onClose={() => { setCreating(false); createWorkspace.reset(); }}
        onSubmit={(name) => createWorkspace.mutate({ name }, {
          onSuccess: (workspace) => {
            setCreating(false);
            select(workspace.id);
          },
        })}
      />
    </div>
  );
}
