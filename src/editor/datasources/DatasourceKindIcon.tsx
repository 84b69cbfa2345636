import type { DatasourceKind } from '../../shared';

// Line icons per datasource kind, in the palette's style; decorative (aria-hidden).
const paths: Record<DatasourceKind, string> = {
  postgres: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  mysql: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M9 13v4M15 13v4M12 14v3',
  rest: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9M12 3C9.5 5.5 8.5 8.5 8.5 12s1 6.5 3.5 9',
  sqlite: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
};

export function DatasourceKindIcon({ kind, size = 16 }: { kind: DatasourceKind; size?: number }) {
  return (
    <svg className="ed-icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path d={paths[kind]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
