import { Select, TextField } from '../../client/ui';
import type { SecretName } from '../../shared';
import { secretsForAuth, type DatasourceForm, type FieldErrors, type RestAuthType, type SecretDraft } from './datasourceForm';
import { KeyValueEditor } from './KeyValueEditor';
import { SecretField } from './SecretField';

const authOptions: Array<{ value: RestAuthType; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'Basic (username and password)' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'apiKey', label: 'API key' },
];

/**
 * Base URL, default headers and query parameters, and authentication of a REST datasource. The
 * password, token or key is a write-only secret the server adds just before it sends a request.
 */
export function RestDatasourceFields(props: {
  form: DatasourceForm;
  errors: FieldErrors;
  stored: Partial<Record<SecretName, boolean>>;
  willDropSecrets: boolean;
  onChange(patch: Partial<DatasourceForm>): void;
  onSecret(name: SecretName, draft: SecretDraft): void;
}) {
  const { form, errors, stored, onChange, onSecret } = props;
  const secretLabels: Record<SecretName, string> = { password: 'password', token: 'token', apiKey: 'API key' };
  // Secrets the chosen auth type does not use are removed on save: say which.
  const dropped = (Object.keys(secretLabels) as SecretName[]).filter((n) => stored[n] && !secretsForAuth(form.authType).includes(n));
  const secret = (name: SecretName, label: string) => (
    <SecretField label={label} stored={stored[name] ?? false} draft={form.secrets[name]} onChange={(d) => onSecret(name, d)} willBeDropped={props.willDropSecrets} />
  );
  return (
    <>
      <TextField
        label="Base URL"
        value={form.baseUrl}
        onChange={(e) => onChange({ baseUrl: e.target.value })}
        error={errors.baseUrl}
        placeholder="https://api.example.com/v1"
        hint={errors.baseUrl ? undefined : 'Each query’s path is added to it.'}
        spellCheck={false}
        inputMode="url"
      />
      <fieldset className="ds-group">
        <legend className="ui-field__label">Headers</legend>
        <KeyValueEditor noun="Header" field="headers" rows={form.headers} errors={errors} onChange={(headers) => onChange({ headers })} namePlaceholder="Accept" valuePlaceholder="application/json" />
      </fieldset>
      <fieldset className="ds-group">
        <legend className="ui-field__label">Query parameters</legend>
        <KeyValueEditor noun="Parameter" field="queryParams" rows={form.queryParams} errors={errors} onChange={(queryParams) => onChange({ queryParams })} namePlaceholder="version" valuePlaceholder="2" />
      </fieldset>
      <p className="ui-field__hint ds-group-hint">Sent with every request. Not secret: put credentials under Authentication.</p>
      <div className="ds-auth">
        <Select label="Authentication" value={form.authType} options={authOptions} onChange={(e) => onChange({ authType: e.target.value as RestAuthType })} />
        {form.authType === 'basic' ? (
          <div className="ed-form__row">
            <TextField label="Username" value={form.username} onChange={(e) => onChange({ username: e.target.value })} error={errors.username} autoComplete="off" className="ed-grow" spellCheck={false} />
            <div className="ed-grow">{secret('password', 'Password')}</div>
          </div>
        ) : null}
        {form.authType === 'bearer' ? secret('token', 'Token') : null}
        {form.authType === 'apiKey' ? (
          <>
            <div className="ed-form__row">
              <TextField
                label={form.apiKeyIn === 'header' ? 'Header name' : 'Parameter name'}
                value={form.apiKeyName}
                onChange={(e) => onChange({ apiKeyName: e.target.value })}
                error={errors.apiKeyName}
                placeholder={form.apiKeyIn === 'header' ? 'X-API-Key' : 'api_key'}
                className="ed-grow"
                spellCheck={false}
              />
              <Select
                label="Send in"
                value={form.apiKeyIn}
                options={[{ value: 'header', label: 'Header' }, { value: 'query', label: 'Query parameter' }]}
                onChange={(e) => onChange({ apiKeyIn: e.target.value as 'header' | 'query' })}
              />
            </div>
            {secret('apiKey', 'API key')}
          </>
        ) : null}
        {dropped.length > 0 ? (
          <p className="ds-secret__status ds-secret__status--warn">The saved {dropped.map((n) => secretLabels[n]).join(' and ')} will be removed when you save.</p>
        ) : null}
      </div>
    </>
  );
}
