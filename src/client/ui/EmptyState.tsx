import type { ReactNode } from 'react';

/** A friendly block for "nothing here yet" and error pages: a title, a line of text, an action. */
export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="ui-empty">
      {icon ? <div className="ui-empty__icon" aria-hidden="true">{icon}</div> : null}
      <h2 className="ui-empty__title">{title}</h2>
      {children ? <div className="ui-empty__text">{children}</div> : null}
      {action ? <div className="ui-empty__action">{action}</div> : null}
    </div>
  );
}
