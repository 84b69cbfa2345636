import Bowser from 'bowser';

/**
 * A readable summary of a User-Agent for the session list: "Chrome 131 on Windows 10 (desktop)",
 * "Safari 17 on iOS 17.5 (iPhone)". A client that no parser knows (curl, a script) shows its
 * first product token ("curl/8.5.0"); no User-Agent at all shows "Unknown device". The header is
 * whatever the client sent, so this describes, it does not prove.
 */
export function describeDevice(userAgent: string): string {
  const trimmed = userAgent.trim();
  if (trimmed === '') return 'Unknown device';
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(trimmed);
  } catch {
    return firstToken(trimmed);
  }
  const browser = parsed.browser.name ? `${parsed.browser.name} ${majorVersion(parsed.browser.version)}`.trim() : '';
  const os = parsed.os.name ? `${parsed.os.name} ${parsed.os.versionName ?? parsed.os.version ?? ''}`.trim() : '';
  const head = browser && os ? `${browser} on ${os}` : browser || os || firstToken(trimmed);
  const kind = parsed.platform.model ?? parsed.platform.type;
  return kind ? `${head} (${kind})` : head;
}

function majorVersion(version: string | undefined): string {
  return version?.split('.')[0] ?? '';
}

function firstToken(userAgent: string): string {
  return (userAgent.split(/\s/)[0] ?? '').slice(0, 64);
}
