import { NavLink } from 'react-router-dom';

/** The instance administration pages, one tab each; every admin page shows these under its title. */
export function AdminTabs() {
  const tabClass = ({ isActive }: { isActive: boolean }) => `admin-tabs__tab${isActive ? ' is-active' : ''}`;
  return (
    <nav className="admin-tabs" aria-label="Administration">
      <NavLink to="/security" end className={tabClass}>Settings</NavLink>
      <NavLink to="/security/users" className={tabClass}>Users</NavLink>
      <NavLink to="/security/audit" className={tabClass}>Audit log</NavLink>
      <NavLink to="/security/outbox" className={tabClass}>Outbox</NavLink>
    </nav>
  );
}
