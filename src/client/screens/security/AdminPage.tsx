import type { ReactNode } from 'react';
import { useMe } from '../../api/hooks/auth';
import { EmptyState } from '../../ui/EmptyState';
import { TopBar } from '../../ui/TopBar';
import { UserNav } from '../account/UserNav';
import { AdminTabs } from './AdminTabs';
import '../account/accountPages.css';
import './adminPages.css';

/**
 * The frame of an instance administration page: the top bar, the title and subtitle, and the
 * admin tabs. A signed-in user who is not an instance administrator gets `notAdmin` instead of
 * the page's content.
 */
export function AdminPage({ title, subtitle, notAdmin, children }: { title: string; subtitle: string; notAdmin: string; children: ReactNode }) {
  const me = useMe();
  return (
    <div className="shell">
      <TopBar actions={<UserNav />} />
      <main className="settings-page">
        <header className="settings-page__header">
          <h1 className="settings-page__title">{title}</h1>
          <p className="settings-page__subtitle">{subtitle}</p>
          <AdminTabs />
        </header>
        {me.data && !me.data.isInstanceAdmin ? <EmptyState title="Administrators only" icon="!">{notAdmin}</EmptyState> : children}
      </main>
    </div>
  );
}
