import { Button } from '../../client/ui';
import { useEditorSelector } from '../app/hooks';

/** Shown when a save met a newer version: auto-save has stopped, nothing was overwritten. */
export function ConflictBanner() {
  const conflict = useEditorSelector((s) => s.editor.conflict);
  if (!conflict) return null;
  return (
    <div className="ed-banner" role="alert">
      <span>Someone else changed this app. Reload to get their changes.</span>
      <span className="ed-muted">Your latest edits were not saved.</span>
      <Button size="sm" variant="primary" onClick={() => window.location.reload()}>Reload</Button>
    </div>
  );
}
