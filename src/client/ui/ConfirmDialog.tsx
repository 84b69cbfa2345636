import { Button } from './Button';
import { Modal } from './Modal';

/** A yes/no question in a modal. The confirm button says "Confirm" unless told otherwise. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  message: string;
  confirmLabel?: string;
  destructive?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <Modal
      open={props.open}
      title={props.title}
      onClose={props.onCancel}
      footer={
        <>
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button variant={props.destructive ? 'danger' : 'primary'} busy={props.busy} onClick={props.onConfirm} autoFocus>
            {props.confirmLabel ?? 'Confirm'}
          </Button>
        </>
      }
    >
      <p className="ui-modal__message">{props.message}</p>
    </Modal>
  );
}
