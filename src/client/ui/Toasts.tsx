import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/** How a toast looks; matches the runtime's showAlert styles. */
export type ToastStyle = 'info' | 'success' | 'warning' | 'error';

interface Toast {
  id: number;
  message: string;
  style: ToastStyle;
}

interface ToastApi {
  /** Shows a message for a few seconds (errors stay longer). */
  show(message: string, style?: ToastStyle): void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** At most this many toasts are on screen; older ones leave first. */
const maxToasts = 4;

/** Holds the toasts and renders them in a polite live region at the bottom right. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback((message: string, style: ToastStyle = 'info') => {
    const id = nextId.current++;
    setToasts((list) => [...list, { id, message: message.slice(0, 500), style }].slice(-maxToasts));
    window.setTimeout(() => dismiss(id), style === 'error' ? 8_000 : 4_000);
  }, [dismiss]);
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="ui-toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`ui-toast ui-toast--${t.style}`}>
            <span className="ui-toast__message">{t.message}</span>
            <button type="button" className="ui-toast__close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>×</button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** The toast API of the nearest ToastProvider. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside <ToastProvider>');
  return api;
}
