import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { SecuritySettings } from '../../../shared/api/security';
import { useMe } from '../../api/hooks/auth';
import { useSecuritySettings, useUpdateSecuritySettings } from '../../api/hooks/security';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { PageSpinner } from '../../ui/Spinner';
import { TopBar } from '../../ui/TopBar';
import { useToast } from '../../ui/Toasts';
import { errorMessage } from '../../ui/errorMessage';
import { UserNav } from '../account/UserNav';
import { AdminTabs } from './AdminTabs';
import { MockPhoneNumbersEditor } from './MockPhoneNumbersEditor';
import { SettingRow } from './SettingRow';
import { validationMessage } from './validationMessage';
import '../account/accountPages.css';

/** The form's copy of the settings: numbers stay text while typed, so the server judges them. */
type Draft = Omit<SecuritySettings, 'passwordHistory' | 'sessionLimit' | 'sessionDurationHours'> & {
  passwordHistory: string;
  sessionLimit: string;
  sessionDurationHours: string;
};

const toDraft = (s: SecuritySettings): Draft => ({
  ...s,
  passwordHistory: String(s.passwordHistory),
  sessionLimit: String(s.sessionLimit),
  sessionDurationHours: String(s.sessionDurationHours),
});

// An empty or non-numeric field goes to the server as NaN → null, which it refuses with a message.
const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function durationWords(hoursText: string): string {
  const hours = toNumber(hoursText);
  if (!Number.isFinite(hours) || hours <= 0) return '';
  if (hours % 24 === 0) return ` (${hours / 24} ${hours === 24 ? 'day' : 'days'})`;
  return '';
}

/** `/security`: the instance's security settings, for instance administrators. */
export function SecurityScreen() {
  const me = useMe();
  const settings = useSecuritySettings();
  const update = useUpdateSecuritySettings();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft | null>(null);

  // The form starts from the stored settings and is replaced by what the server saved.
  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data));
  }, [settings.data]);

  const notAdmin = me.data && !me.data.isInstanceAdmin;
  const page = (content: ReactNode) => (
    <div className="shell">
      <TopBar actions={<UserNav />} />
      <main className="settings-page">{content}</main>
    </div>
  );
  if (notAdmin) return page(<EmptyState title="Administrators only" icon="!">Only administrators of this Cordon instance can see its security settings.</EmptyState>);
  if (settings.isError) return page(<EmptyState title="Could not load the security settings">{errorMessage(settings.error)}</EmptyState>);
  if (!draft) return <PageSpinner />;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    update.reset();
    setDraft({ ...draft, [key]: value });
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      ...draft,
      passwordHistory: toNumber(draft.passwordHistory),
      sessionLimit: toNumber(draft.sessionLimit),
      sessionDurationHours: toNumber(draft.sessionDurationHours),
    }, { onSuccess: () => toast.show('Security settings saved.', 'success') });
  };
  const toggle = (key: 'passwordDictionary' | 'passwordPersonalData' | 'sessionAlerts' | 'membershipPrivacy' | 'requireTwoFactor') =>
    ({ inputId, descriptionId }: { inputId: string; descriptionId: string }) => (
      <input id={inputId} aria-describedby={descriptionId} type="checkbox" role="switch" className="ui-switch" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} />
    );
  const number = (key: 'passwordHistory' | 'sessionLimit' | 'sessionDurationHours', min: number, max: number, unit: string) =>
    ({ inputId, descriptionId }: { inputId: string; descriptionId: string }) => (
      <span className="setting-number">
        <input id={inputId} aria-describedby={descriptionId} className="ui-input" type="number" min={min} max={max} step={1} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
        <span className="setting-number__unit">{unit}</span>
      </span>
    );

  return page(
    <>
      <header className="settings-page__header">
        <h1 className="settings-page__title">Security</h1>
        <p className="settings-page__subtitle">Instance-wide policies for every account on this Cordon server.</p>
        <AdminTabs />
      </header>
      <form onSubmit={save} noValidate>
        <Card className="settings-card">
          <div className="settings-card__head"><h2 className="settings-card__title">Passwords</h2></div>
          <SettingRow label="Password history" description="Refuse a new password equal to one of the user's last N passwords (0 to 20; 0 turns it off).">
            {number('passwordHistory', 0, 20, 'passwords')}
          </SettingRow>
          <SettingRow label="Password dictionary" description="Refuse the 10,000 most common passwords, at sign-up and on every change.">
            {toggle('passwordDictionary')}
          </SettingRow>
          <SettingRow label="Personal data in passwords" description="Refuse passwords that contain the user's name, email, phone number or user id.">
            {toggle('passwordPersonalData')}
          </SettingRow>
        </Card>
        <Card className="settings-card">
          <div className="settings-card__head"><h2 className="settings-card__title">Sessions</h2></div>
          <SettingRow label="Session limit" description="Sessions per user (1 to 100); signing in beyond it signs out that user's oldest session.">
            {number('sessionLimit', 1, 100, 'sessions')}
          </SettingRow>
          <SettingRow label="Session duration" description={`A session ends this many hours after it was last used${durationWords(draft.sessionDurationHours)}; a shorter value also cuts existing sessions.`}>
            {number('sessionDurationHours', 1, 24 * 365, 'hours')}
          </SettingRow>
          <SettingRow label="Session alerts" description="Email users about each new sign-in to their account (not the first one).">
            {toggle('sessionAlerts')}
          </SettingRow>
        </Card>
        <Card className="settings-card">
          <div className="settings-card__head"><h2 className="settings-card__title">Members and sign-in</h2></div>
          <SettingRow label="Membership privacy" description="Members who are not administrators see other members' names, emails and 2FA status hidden.">
            {toggle('membershipPrivacy')}
          </SettingRow>
          <SettingRow label="Require two-factor authentication" description="Every account must enrol TOTP two-factor authentication.">
            {toggle('requireTwoFactor')}
          </SettingRow>
          <SettingRow label="Mock phone numbers" stacked description="Numbers (E.164, e.g. +14155550123) that sign in with a fixed 6-digit code and get no SMS, for testing.">
            {({ descriptionId }) => <MockPhoneNumbersEditor value={draft.mockPhoneNumbers} onChange={(rows) => set('mockPhoneNumbers', rows)} labelledBy={descriptionId} />}
          </SettingRow>
        </Card>
        <div className="settings-actions">
          {update.isError ? <div className="ui-field__error settings-actions__error" role="alert">{validationMessage(errorMessage(update.error))}</div> : null}
          <Button variant="secondary" disabled={update.isPending || !settings.data} onClick={() => { update.reset(); if (settings.data) setDraft(toDraft(settings.data)); }}>Discard changes</Button>
          <Button type="submit" variant="primary" busy={update.isPending}>Save settings</Button>
        </div>
      </form>
    </>,
  );
}
