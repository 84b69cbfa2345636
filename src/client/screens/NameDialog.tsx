import { useEffect, useState } from 'react';
import { Button } from '../ui/Button';
import { Modal } from '../ui/Modal';
import { TextField } from '../ui/TextField';

/** A modal that asks for one name ("Workspace name", "App name") and submits it with "Create". */
export function NameDialog(props: {
  open: boolean;
  title: string;
  label: string;
  initial?: string;
  busy: boolean;
  error?: string;
  onSubmit(name: string): void;
  onClose(): void;
}) {
  const [name, setName] = useState(props.initial ?? '');
  const { open, initial } = props;
  useEffect(() => {
    if (open) setName(initial ?? '');
  }, [open, initial]);
  return (
    <Modal open={props.open} title={props.title} onClose={props.onClose}>
      <form
        className="form-stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== '') props.onSubmit(name.trim());
        }}
      >
        <TextField label={props.label} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} autoFocus error={props.error} />
        <div className="ui-modal__footer">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={props.busy} disabled={name.trim() === ''}>Create</Button>
        </div>
      </form>
    </Modal>
  );
}
