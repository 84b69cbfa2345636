// Placeholder while the issue 5 work on this screen is in progress (same session); replaced by the real screen.
export function TwoFactorScreen() {
  return <main className="settings-page"><h1 className="settings-page__title">Two-factor authentication</h1></main>;
}
