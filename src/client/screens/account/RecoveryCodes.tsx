import { useState } from 'react';
import { Button } from '../../ui/Button';
import { useToast } from '../../ui/Toasts';
import './twoFactor.css';

/**
 * Recovery codes, shown once: a list, copy and download, and an "I saved them" checkbox that
 * the person ticks before going on (the codes cannot be shown again).
 */
export function RecoveryCodes({ codes, onDone, doneLabel = 'Done' }: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  const toast = useToast();
  const [saved, setSaved] = useState(false);
  const text = `Cordon recovery codes (each works once)\n\n${codes.join('\n')}\n`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast.show('Recovery codes copied.', 'success');
    } catch {
      toast.show('Copying is not allowed here. Download the codes or write them down.', 'error');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'cordon-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <div className="two-factor__status">
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere safe,
        like a password manager. <strong>They are shown only now.</strong>
      </p>
      <ul className="two-factor__codes" aria-label="Recovery codes" data-testid="recovery-codes">
        {codes.map((code) => <li key={code}>{code}</li>)}
      </ul>
      <div className="two-factor__row">
        <Button size="sm" onClick={() => { void copy(); }}>Copy</Button>
        <Button size="sm" onClick={download}>Download</Button>
      </div>
      <label className="two-factor__saved">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        I have saved my recovery codes
      </label>
      <div>
        <Button variant="primary" disabled={!saved} onClick={onDone}>{doneLabel}</Button>
      </div>
    </div>
  );
}
