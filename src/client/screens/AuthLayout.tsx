import type { ReactNode } from 'react';

/** The centred card of the sign-in and sign-up screens. */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__brand" aria-hidden="true">
        <span className="ui-topbar__logo">C</span>
        <span className="auth__brand-name">Cordon</span>
      </div>
      <section className="auth__card ui-card" aria-labelledby="auth-title">
        <h1 id="auth-title" className="auth__title">{title}</h1>
        {subtitle ? <p className="auth__subtitle">{subtitle}</p> : null}
        {children}
      </section>
      {footer ? <p className="auth__footer">{footer}</p> : null}
    </main>
  );
}
