// Placeholder while the issue 5 work on this screen is in progress (same session); replaced by the real screen.
export function MagicLinkScreen() {
  return <main className="settings-page"><h1 className="settings-page__title">Magic link</h1></main>;
}
