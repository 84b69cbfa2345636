import { useEditorSelector } from '../app/hooks';
import { selectSaveStatus, type SaveStatus } from '../document/selectors';

const text: Record<SaveStatus, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Unsaved changes',
  error: 'Not saved',
  conflict: 'Not saved',
};

/** "Saving…", "Saved", "Unsaved changes" next to the app's name. */
export function SaveStatusIndicator() {
  const status = useEditorSelector(selectSaveStatus);
  const error = useEditorSelector((s) => s.editor.saveError);
  return (
    <span className={`ed-save-status ed-save-status--${status}`} role="status" title={status === 'error' ? `${error ?? ''} Retrying…` : undefined}>
      <span className="ed-save-status__dot" aria-hidden="true" />
      {text[status]}
    </span>
  );
}
