// Placeholder while the issue 5 work on this screen is in progress (same session); replaced by the real screen.
export function UsersScreen() {
  return <main className="settings-page"><h1 className="settings-page__title">Users</h1></main>;
}
