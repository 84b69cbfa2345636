import { useId, useMemo, useState } from 'react';
import { restMethods, type QueryDef, type RestRequest } from '../../shared';
import { CodeEditor } from '../code-editor/CodeEditor';
import { KeyValueEditor } from '../datasources/KeyValueEditor';
import { newRow, type KeyValueRow } from '../datasources/datasourceForm';
import type { AppSymbols } from '../intelligence/appSymbols';
import { BindingInput } from '../property-pane/BindingInput';
import './queries.css';

type Tab = 'params' | 'headers' | 'body';
type RowField = 'queryParams' | 'headers' | 'formFields';

const bodyTypes: Array<{ value: RestRequest['bodyType']; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'json', label: 'JSON' },
  { value: 'text', label: 'Text' },
  { value: 'form', label: 'Form' },
];

/**
 * The request of a query on a REST datasource: method, path after the base URL, query
 * parameters, headers and body. Every value may hold `{{ }}`; the server encodes each binding
 * for its place (path segment, parameter, header, JSON value), so none is spliced in as text.
 */
export function RestRequestEditor(props: { query: QueryDef & { rest: RestRequest }; baseUrl: string | undefined; symbols: AppSymbols; onChange(rest: RestRequest): void }) {
  const { query, symbols } = props;
  const request = query.rest;
  const [tab, setTab] = useState<Tab>(request.bodyType !== 'none' ? 'body' : 'params');
  const pathId = useId();
  // Rows being typed live here: a row without a name is not valid in the document yet, so only
  // named rows are written to it (and saved); the empty row stays on screen until it has one.
  const [rows, setRows] = useState<Record<RowField, KeyValueRow[]>>(() => ({
    queryParams: request.queryParams.map((r) => newRow(r.name, r.value)),
    headers: request.headers.map((r) => newRow(r.name, r.value)),
    formFields: request.formFields.map((r) => newRow(r.name, r.value)),
  }));
  const change = (patch: Partial<RestRequest>) => props.onChange({ ...request, ...patch });
  function changeRows(field: RowField, next: KeyValueRow[]) {
    setRows((all) => ({ ...all, [field]: next }));
    change({ [field]: next.filter((r) => r.name.trim() !== '').map((r) => ({ name: r.name.trim(), value: r.value })) });
  }
  const rowErrors = (field: RowField) => Object.fromEntries(rows[field].flatMap((r, i) => (!r.name.trim() && r.value ? [[`${field}.${i}.name`, 'Give this row a name; without one it is not sent.']] : [])));

  const valueInput = (row: KeyValueRow, label: string, onValue: (value: string) => void) => (
    <BindingValue label={label} value={row.value} onChange={onValue} symbols={symbols} />
  );
  const intelligence = useMemo(() => ({ kind: 'template' as const, symbols }), [symbols]);
  const counts: Record<Tab, string> = {
    params: rows.queryParams.length ? String(rows.queryParams.length) : '',
    headers: rows.headers.length ? String(rows.headers.length) : '',
    body: request.bodyType === 'none' ? '' : request.bodyType.toUpperCase(),
  };

  return (
    <div className="q-rest">
      <div className="q-rest__line">
        <select className="ed-input q-rest__method" aria-label="Method" value={request.method} onChange={(e) => change({ method: e.target.value as RestRequest['method'] })}>
          {restMethods.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <div className="q-rest__url">
          <span className="q-rest__base" title={props.baseUrl}>{props.baseUrl ? trimSlash(props.baseUrl) : 'base URL'}</span>
          <label className="ui-visually-hidden" htmlFor={pathId}>Path</label>
          <BindingInput
            id={pathId}
            multiline={false}
            kind="template"
            symbols={symbols}
            value={request.path}
            onChange={(path) => change({ path })}
            className="q-rest__path"
            placeholder="/users/{{ Table1.selectedRow.id }}"
          />
        </div>
      </div>
      <div className="q-tabs" role="tablist" aria-label="Request parts">
        {(['params', 'headers', 'body'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className="q-tabs__tab" onClick={() => setTab(t)}>
            {t === 'params' ? 'Query parameters' : t === 'headers' ? 'Headers' : 'Body'}
            {counts[t] ? <span className="q-tabs__count">{counts[t]}</span> : null}
          </button>
        ))}
      </div>
      <div className="q-rest__panel" role="tabpanel">
        {tab === 'params' ? (
          <KeyValueEditor noun="Query parameter" field="queryParams" rows={rows.queryParams} errors={rowErrors('queryParams')} onChange={(r) => changeRows('queryParams', r)} namePlaceholder="search" valueInput={valueInput} />
        ) : null}
        {tab === 'headers' ? (
          <KeyValueEditor noun="Header" field="headers" rows={rows.headers} errors={rowErrors('headers')} onChange={(r) => changeRows('headers', r)} namePlaceholder="X-Request-Source" valueInput={valueInput} />
        ) : null}
        {tab === 'body' ? (
          <div className="q-rest__body">
            <div className="q-segmented" role="radiogroup" aria-label="Body type">
              {bodyTypes.map((b) => (
                <label key={b.value} className={request.bodyType === b.value ? 'q-segmented__item q-segmented__item--active' : 'q-segmented__item'}>
                  <input type="radio" name={`body-${query.id}`} value={b.value} checked={request.bodyType === b.value} onChange={() => change({ bodyType: b.value })} />
                  {b.label}
                </label>
              ))}
            </div>
            {request.bodyType === 'none' ? <p className="ed-field__help">No body is sent{request.method === 'GET' || request.method === 'HEAD' ? ` with ${request.method}` : ''}.</p> : null}
            {request.bodyType === 'json' || request.bodyType === 'text' ? (
              <>
                <CodeEditor
                  label="Request body"
                  path={`queries/${query.id}.body.${request.bodyType === 'json' ? 'json' : 'txt'}`}
                  language="javascript"
                  value={request.body}
                  onChange={(body) => change({ body })}
                  height={130}
                  intelligence={intelligence}
                />
                <p className="ed-field__help">
                  {request.bodyType === 'json'
                    ? <>A binding lands as a JSON value: <code>{'{"name": {{ Input1.text }}}'}</code> sends a JSON string, no quotes needed.</>
                    : 'Sent as text/plain, bindings written in as text.'}
                </p>
              </>
            ) : null}
            {request.bodyType === 'form' ? (
              <KeyValueEditor noun="Form field" field="formFields" rows={rows.formFields} errors={rowErrors('formFields')} onChange={(r) => changeRows('formFields', r)} namePlaceholder="email" valueInput={valueInput} />
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** A row's value with name suggestions inside `{{ }}`, labelled for screen readers. */
function BindingValue(props: { label: string; value: string; onChange(value: string): void; symbols: AppSymbols }) {
  const id = useId();
  return (
    <>
      <label className="ui-visually-hidden" htmlFor={id}>{props.label}</label>
      <BindingInput id={id} multiline={false} kind="template" symbols={props.symbols} value={props.value} onChange={props.onChange} className="ed-input ed-input--mono" placeholder="Value or {{ binding }}" />
    </>
  );
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
