import { NavLink, useNavigate } from 'react-router-dom';
import { useMe, useSignOut } from '../../api/hooks/auth';
import { Button } from '../../ui/Button';
import './accountPages.css';

/**
 * The right side of the top bar on Cordon's own screens: Account for everyone, Security for
 * instance administrators only (the server refuses everyone else anyway), then sign out.
 */
export function UserNav() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const linkClass = ({ isActive }: { isActive: boolean }) => `user-nav__link${isActive ? ' is-active' : ''}`;
  return (
    <nav className="user-nav" aria-label="Account">
      <NavLink to="/" end className={linkClass}>Workspaces</NavLink>
      <NavLink to="/account" className={linkClass}>Account</NavLink>
      {me.data?.isInstanceAdmin ? <NavLink to="/security" className={linkClass}>Security</NavLink> : null}
      <span className="user-nav__divider" aria-hidden="true" />
      <span className="topbar-user" title={me.data?.email}>{me.data?.name}</span>
      <Button variant="ghost" size="sm" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}>Sign out</Button>
    </nav>
  );
}
