import { useState } from 'react';
import { Button, Modal, TextField } from '../../client/ui';
import { appSettingsSchema, handlerTimeoutOf } from '../../shared';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { appSettingsChanged } from '../document/editorSlice';

/**
 * App-wide settings, part of the app document: saved with it (autosave) and published with it.
 * Today: the handler time limit the runtime's watchdog applies in the editor and the viewer.
 */
export function AppSettingsDialog(props: { onClose(): void }) {
  const doc = useEditorSelector((s) => s.editor.document);
  const dispatch = useEditorDispatch();
  const [handlerTimeout, setHandlerTimeout] = useState(String(doc ? handlerTimeoutOf(doc) : ''));
  const [error, setError] = useState<string | undefined>(undefined);
  if (!doc) return null;

  function apply() {
    const parsed = appSettingsSchema.safeParse({ handlerTimeoutMs: Number(handlerTimeout.trim()) });
    if (handlerTimeout.trim() === '' || !parsed.success) {
      setError('A whole number of milliseconds from 1000 to 120000.');
      return;
    }
    dispatch(appSettingsChanged(parsed.data));
    props.onClose();
  }

  return (
    <Modal
      open
      title="App settings"
      onClose={props.onClose}
      footer={
        <>
          <Button variant="secondary" onClick={props.onClose}>Cancel</Button>
          <Button variant="primary" onClick={apply}>Apply</Button>
        </>
      }
    >
      <div className="ed-form">
        <TextField
          label="Handler time limit (ms)"
          type="number"
          inputMode="numeric"
          min={1000}
          max={120000}
          step={1000}
          value={handlerTimeout}
          hint="How long an event handler, query run or interval tick may run before it is stopped. Bindings have about 1 s."
          error={error}
          onChange={(e) => { setHandlerTimeout(e.target.value); setError(undefined); }}
        />
      </div>
    </Modal>
  );
}
