// Placeholder while the issue 5 work on this screen is in progress (same session); replaced by the real screen.
export function AuditLogScreen() {
  return <main className="settings-page"><h1 className="settings-page__title">Audit log</h1></main>;
}
