import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, TopBar, buttonClassName, useToast } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import { apiRoutes } from '../../shared';
import { editorApi } from '../api/editorApi';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { useEditorServices } from '../app/EditorServices';
import { appPublished, appRenamed } from '../document/editorSlice';
import { SaveStatusIndicator } from '../save/SaveStatusIndicator';
import { AppSettingsDialog } from './AppSettingsDialog';
import { EmbeddingDialog } from './EmbeddingDialog';

/** Brand and way back, the app's name, save status, and the app-wide actions. */
export function EditorTopBar() {
  const app = useEditorSelector((s) => s.editor.app);
  const dispatch = useEditorDispatch();
  const { saver } = useEditorServices();
  const toast = useToast();
  const [publishing, setPublishing] = useState(false);
  const [embeddingOpen, setEmbeddingOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  if (!app) return null;

  async function publish() {
    if (!app) return;
    setPublishing(true);
    try {
      // Publish snapshots what the server has: send the last edits first.
      if (!(await saver.flush())) {
        toast.show('Not published: the latest changes could not be saved.', 'error');
        return;
      }
      const { publishedAt } = await editorApi.publishApp(app.id);
      dispatch(appPublished(publishedAt));
      toast.show('Published', 'success');
    } catch (error) {
      toast.show(`Publish failed: ${errorMessage(error)}`, 'error');
    } finally {
      setPublishing(false);
    }
  }

  return (
    <>
      <TopBar
        actions={
          <>
            <Link className={buttonClassName('ghost', 'sm')} to={`/app/${encodeURIComponent(app.id)}`} target="_blank" rel="noopener">View app</Link>
            <a className={buttonClassName('ghost', 'sm')} href={apiRoutes.exportApp(app.id)} download>Export</a>
            <Button variant="ghost" size="sm" onClick={() => setEmbeddingOpen(true)}>Embedding</Button>
            <Button variant="ghost" size="sm" onClick={() => setSettingsOpen(true)}>App settings</Button>
            <Button variant="primary" size="sm" onClick={() => void publish()} busy={publishing}>Publish</Button>
          </>
        }
      >
        <div className="ed-topbar-title">
          <Link to="/" className="ed-topbar-back">Apps</Link>
          <span className="ed-topbar-sep" aria-hidden="true">/</span>
          <AppNameField name={app.name} onRename={(name) => dispatch(appRenamed(name))} />
          <SaveStatusIndicator />
          {app.publishedAt ? <span className="ed-muted ed-topbar-published" title={new Date(app.publishedAt).toLocaleString()}>Live</span> : null}
        </div>
      </TopBar>
      {embeddingOpen ? <EmbeddingDialog onClose={() => setEmbeddingOpen(false)} /> : null}
      {settingsOpen ? <AppSettingsDialog onClose={() => setSettingsOpen(false)} /> : null}
    </>
  );
}

function AppNameField(props: { name: string; onRename(name: string): void }) {
  const [draft, setDraft] = useState(props.name);
  useEffect(() => setDraft(props.name), [props.name]);
  const commit = () => {
    const name = draft.trim();
    if (name && name.length <= 100) props.onRename(name);
    else setDraft(props.name);
  };
  return (
    <input
      className="ed-app-name"
      aria-label="App name"
      value={draft}
      size={Math.max(8, Math.min(40, draft.length + 1))}
      maxLength={100}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') setDraft(props.name);
      }}
    />
  );
}
