/** Saves a value as a JSON file through a temporary link (no server round trip, no inline script). */
export function downloadJson(value: unknown, fileName: string): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the blob after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `<name>.cordon.json`, with characters that file systems dislike replaced. */
export function exportFileName(appName: string): string {
  const printable = Array.from(appName, (c) => (c.charCodeAt(0) < 0x20 ? '-' : c)).join('');
  const safe = printable.replace(/[\\/:*?"<>|]+/g, '-').trim() || 'app';
  return `${safe}.cordon.json`;
}
