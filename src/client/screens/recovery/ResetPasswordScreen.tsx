// Placeholder while the issue 5 work on this screen is in progress (same session); replaced by the real screen.
export function ResetPasswordScreen() {
  return <main className="settings-page"><h1 className="settings-page__title">Reset password</h1></main>;
}
