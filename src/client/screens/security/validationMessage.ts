/** The Security page's names for the settings, as the server's validation messages spell them. */
const settingLabels: Record<string, string> = {
  passwordHistory: 'Password history',
  passwordDictionary: 'Password dictionary',
  passwordPersonalData: 'Personal data in passwords',
  sessionLimit: 'Session limit',
  sessionDurationHours: 'Session duration',
  sessionAlerts: 'Session alerts',
  membershipPrivacy: 'Membership privacy',
  requireTwoFactor: 'Require two-factor authentication',
  mockPhoneNumbers: 'Mock phone numbers',
};

/**
 * The server's validation message with its field paths in the page's words:
 * "invalid body: mockPhoneNumbers.0.phone: must be …" → "Mock phone number 1: must be …".
 * Anything it does not recognise is left as the server wrote it.
 */
export function validationMessage(message: string): string {
  return message
    .replace(/^invalid body:\s*/i, '')
    .replace(/\bmockPhoneNumbers\.(\d+)\.(phone|code)\b/g, (_, index: string, field: string) => `Mock phone number ${Number(index) + 1}${field === 'code' ? ' (code)' : ''}`)
    .replace(/\b(passwordHistory|passwordDictionary|passwordPersonalData|sessionLimit|sessionDurationHours|sessionAlerts|membershipPrivacy|requireTwoFactor|mockPhoneNumbers)\b/g, (name: string) => settingLabels[name] ?? name);
}
