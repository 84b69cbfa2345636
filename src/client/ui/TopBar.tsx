import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The bar at the top of Cordon's screens: the brand (linking home), a title area and actions on the right. */
export function TopBar({ children, actions, brandHref = '/' }: { children?: ReactNode; actions?: ReactNode; brandHref?: string }) {
  return (
    <header className="ui-topbar">
      <Link to={brandHref} className="ui-topbar__brand" aria-label="Cordon home">
        <span className="ui-topbar__logo" aria-hidden="true">C</span>
        <span className="ui-topbar__name">Cordon</span>
      </Link>
      <div className="ui-topbar__main">{children}</div>
      {actions ? <div className="ui-topbar__actions">{actions}</div> : null}
    </header>
  );
}
