import { useMe } from '../../api/hooks/auth';
import { Card } from '../../ui/Card';
import { TopBar } from '../../ui/TopBar';
import { PasswordCard } from './PasswordCard';
import { PhoneCard } from './PhoneCard';
import { TwoFactorCard } from './TwoFactorCard';
import { SessionsCard } from './SessionsCard';
import { UserNav } from './UserNav';
import './accountPages.css';

/** `/account`: the signed-in user's profile, password and sessions. */
export function AccountScreen() {
  const me = useMe();
  const user = me.data;
  return (
    <div className="shell">
      <TopBar actions={<UserNav />} />
      <main className="settings-page">
        <header className="settings-page__header">
          <h1 className="settings-page__title">Account</h1>
          <p className="settings-page__subtitle">Your profile, password and the devices signed in to your account.</p>
        </header>
        <Card className="settings-card">
          <div className="settings-card__head">
            <h2 className="settings-card__title">Profile</h2>
            {user?.isInstanceAdmin ? <span className="badge badge--neutral">Instance administrator</span> : null}
          </div>
          <dl className="profile-list">
            <div><dt>Name</dt><dd>{user?.name}</dd></div>
            <div><dt>Email</dt><dd>{user?.email}</dd></div>
          </dl>
        </Card>
        <PasswordCard />
        <TwoFactorCard />
        <PhoneCard />
        <SessionsCard />
      </main>
    </div>
  );
}
