import { useState } from 'react';
import { Button, Modal, Select, useToast } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import { embeddingSchema, type Embedding } from '../../shared';
import { editorApi } from '../api/editorApi';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { embeddingSaved } from '../document/editorSlice';

const modes = [
  { value: 'same-origin', label: 'Only Cordon itself (off)' },
  { value: 'all', label: 'Any website' },
  { value: 'list', label: 'Only these websites' },
];

/** Who may put the published app in an iframe: the viewer page's `frame-ancestors`. */
export function EmbeddingDialog(props: { onClose(): void }) {
  const app = useEditorSelector((s) => s.editor.app);
  const dispatch = useEditorDispatch();
  const toast = useToast();
  const [mode, setMode] = useState<Embedding['mode']>(app?.embedding.mode ?? 'same-origin');
  const [origins, setOrigins] = useState((app?.embedding.origins ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!app) return null;

  async function save() {
    if (!app) return;
    const parsed = embeddingSchema.safeParse({
      mode,
      origins: mode === 'list' ? origins.split(/[\s,]+/).map((o) => o.trim().replace(/\/$/, '')).filter(Boolean) : [],
    });
    if (!parsed.success) {
      setError('Each origin looks like https://intranet.example.com (scheme, host and optional port; no path).');
      return;
    }
    if (parsed.data.mode === 'list' && parsed.data.origins.length === 0) {
      setError('Add at least one origin, or choose another option.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await editorApi.saveEmbedding(app.id, parsed.data);
      dispatch(embeddingSaved(saved));
      toast.show('Embedding settings saved', 'success');
      props.onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title="Embedding"
      onClose={props.onClose}
      footer={
        <>
          <Button variant="secondary" onClick={props.onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void save()} busy={saving}>Save</Button>
        </>
      }
    >
      <div className="ed-form">
        <p className="ed-muted">Choose which websites may show the published app in an iframe. Add <code>?embed=true</code> to the app's link to hide Cordon's bar.</p>
        <Select label="Who may embed this app" value={mode} options={modes} onChange={(e) => setMode(e.target.value as Embedding['mode'])} />
        {mode === 'list' ? (
          <div className="ed-field">
            <label className="ed-field__label" htmlFor="ed-embed-origins">Allowed origins, one per line</label>
            <textarea id="ed-embed-origins" className="ed-input ed-input--mono ed-textarea" rows={4} value={origins} placeholder="https://intranet.example.com" onChange={(e) => setOrigins(e.target.value)} />
          </div>
        ) : null}
        {mode === 'all' ? <p className="ed-warning">Any website can frame this app. Signed-in viewers could be tricked into clicking in it (clickjacking).</p> : null}
        {error ? <p className="ed-error-text" role="alert">{error}</p> : null}
      </div>
    </Modal>
  );
}
