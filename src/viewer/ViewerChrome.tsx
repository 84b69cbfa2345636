import { Link } from 'react-router-dom';
import type { AppViewDto } from '../shared';
import type { EvaluationError } from '../runtime/protocol';
import { buttonClassName } from '../client/ui/Button';

/** The viewer's top bar: app name, page tabs (when there are several), error badge and "Edit app". */
export function ViewerChrome(props: { view: AppViewDto; pageSlug: string; errors: EvaluationError[] }) {
  const { view, pageSlug, errors } = props;
  const builder = view.role === 'administrator' || view.role === 'developer';
  const appPath = `/app/${encodeURIComponent(view.app.id)}`;
  return (
    <header className="ui-topbar viewer-bar">
      <Link to="/" className="ui-topbar__brand" aria-label="Cordon home">
        <span className="ui-topbar__logo" aria-hidden="true">C</span>
      </Link>
      <h1 className="viewer-bar__name">{view.app.name}</h1>
      {view.pages.length > 1 ? (
        <nav className="viewer-bar__pages" aria-label="Pages">
          {view.pages.map((p) => (
            <Link key={p.id} to={`${appPath}/${p.slug}`} className={`viewer-bar__page${p.slug === pageSlug ? ' is-active' : ''}`} aria-current={p.slug === pageSlug ? 'page' : undefined}>
              {p.name}
            </Link>
          ))}
        </nav>
      ) : null}
      <div className="ui-topbar__actions">
        {builder && errors.length > 0 ? (
          <details className="error-badge">
            <summary className="badge badge--danger">{errors.length === 1 ? '1 error' : `${errors.length} errors`}</summary>
            <ul className="error-badge__list">
              {errors.slice(0, 50).map((e, i) => (
                <li key={`${e.entity}.${e.key}.${i}`}><code>{e.entity}.{e.key}</code> {e.message}</li>
              ))}
            </ul>
          </details>
        ) : null}
        {builder ? <Link className={buttonClassName('secondary', 'sm')} to={`/apps/${encodeURIComponent(view.app.id)}/edit`}>Edit app</Link> : null}
      </div>
    </header>
  );
}
