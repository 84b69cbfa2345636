import { useCallback, useRef, useState } from 'react';
import { ConfirmDialog } from '../client/ui/ConfirmDialog';

/**
 * `confirm(message)` for the runtime (queries with "ask before running"): resolves true or false
 * when the user answers the modal. A second request while one is open cancels the first.
 */
export function useConfirmDialog() {
  const [message, setMessage] = useState<string | null>(null);
  const pending = useRef<((answer: boolean) => void) | null>(null);

  const answer = useCallback((value: boolean) => {
    pending.current?.(value);
    pending.current = null;
    setMessage(null);
  }, []);

  const confirm = useCallback((text: string) => new Promise<boolean>((resolve) => {
    pending.current?.(false);
    pending.current = resolve;
    setMessage(text);
  }), []);

  const dialog = (
    <ConfirmDialog
      open={message !== null}
      title="Please confirm"
      message={message ?? ''}
      onConfirm={() => answer(true)}
      onCancel={() => answer(false)}
    />
  );
  return { confirm, dialog };
}
