// Small line icons for the palette and the entity tree; decorative (aria-hidden).
const paths: Record<string, string> = {
  text: 'M4 6h16M4 12h10M4 18h13',
  input: 'M3 7h18v10H3zM7 10v4',
  button: 'M4 8a3 3 0 0 1 3-3h10a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3H7a3 3 0 0 1-3-3zM9 12h6',
  table: 'M3 5h18v14H3zM3 10h18M3 15h18M9 5v14',
  iframe: 'M3 5h18v14H3zM3 9h18M9 13l-2 2 2 2M15 13l2 2-2 2',
  query: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  js: 'M8 4c-2 0-3 1-3 3v2c0 1.5-1 3-2 3 1 0 2 1.5 2 3v2c0 2 1 3 3 3M16 4c2 0 3 1 3 3v2c0 1.5 1 3 2 3-1 0-2 1.5-2 3v2c0 2-1 3-3 3',
  datasource: 'M5 4h14v6H5zM5 14h14v6H5zM8 7h.01M8 17h.01',
};

export function WidgetIcon({ type }: { type: string }) {
  return (
    <svg className="ed-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[type] ?? paths.text} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
