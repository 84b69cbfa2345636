import { useRef } from 'react';
import type { AppExport } from '../../shared';
import { useImportApp } from '../api/hooks/apps';
import { useToast } from '../ui/Toasts';
import { errorMessage } from '../ui/errorMessage';
import { ApiError } from '../api/apiClient';
import { Spinner } from '../ui/Spinner';

/**
 * "Import app": a file input styled as a button. The input itself covers the button, so it is
 * what a click lands on, and its accessible name is "Import app" (role button, as browsers
 * expose file inputs). The file is checked by the server; here it only has to be JSON.
 */
export function ImportAppButton({ workspaceId }: { workspaceId: string }) {
  const importApp = useImportApp(workspaceId);
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);

  const onFile = async (file: File) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      toast.show(`${file.name} is not a Cordon app file (it is not JSON).`, 'error');
      return;
    }
    importApp.mutate(parsed as AppExport, {
      onSuccess: (app) => {
        toast.show(`Imported “${app.name}”.`, 'success');
      },
      onError: (error) => toast.show(importFailure(error), 'error'),
    });
  };

  return (
    <label className={`ui-button ui-button--secondary ui-button--md ui-file-button${importApp.isPending ? ' is-busy' : ''}`}>
      {importApp.isPending ? <Spinner size="sm" label="" /> : null}
      <span aria-hidden="true">Import app</span>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Import app"
        className="ui-file-button__input"
        disabled={importApp.isPending}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Reset so choosing the same file again still fires a change.
          if (input.current) input.current.value = '';
          if (file) void onFile(file);
        }}
      />
    </label>
  );
}

/** A short toast: the server lists every schema problem, which is too much to read in a toast. */
function importFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === 'bad_request') {
    const detail = error.message.length > 140 ? `${error.message.slice(0, 140)}…` : error.message;
    return `Import failed: this is not a valid Cordon app file (${detail}).`;
  }
  return `Import failed: ${errorMessage(error)}`;
}
