// Cordon's UI kit, listed by name. Styles live in src/styles/global.css (`ui-*` classes).
export { Button, buttonClassName } from './Button';
export type { ButtonProps, ButtonVariant } from './Button';
export { TextField } from './TextField';
export { Select } from './Select';
export { Modal } from './Modal';
export { ConfirmDialog } from './ConfirmDialog';
export { ToastProvider, useToast } from './Toasts';
export type { ToastStyle } from './Toasts';
export { Spinner, PageSpinner } from './Spinner';
export { EmptyState } from './EmptyState';
export { Card } from './Card';
export { TopBar } from './TopBar';
export { errorMessage } from './errorMessage';
