import { useState, type ReactNode } from 'react';
import type { DatasourceDto } from '../../shared';
import { useEditorDispatch, useEditorSelector } from '../app/hooks';
import { entityOpened, jsObjectAdded, queryAdded, widgetSelected } from '../document/editorSlice';
import { selectCurrentPage } from '../document/selectors';
import { useDatasources } from '../api/editorQueries';
import { DatasourceModal } from '../datasources/DatasourceModal';
import { SampleDatabaseOffer, sampleDatasourceName, sampleQueryBody } from '../datasources/SampleDatabaseOffer';
import { emptyRestRequest } from '../queries/restRequests';
import { WidgetIcon } from '../palette/WidgetIcon';

// No aria-label on these sections on purpose: the query editor's picker is found by the
// label "Datasource", and a section named "Datasources" would match that search too.

/** The app's entities: widgets of the page, queries, JS objects and the workspace's datasources. */
export function EntityExplorer() {
  const dispatch = useEditorDispatch();
  const page = useEditorSelector(selectCurrentPage);
  const doc = useEditorSelector((s) => s.editor.document);
  const selectedWidgetId = useEditorSelector((s) => s.editor.selectedWidgetId);
  const openEntity = useEditorSelector((s) => s.editor.openEntity);
  const workspaceId = useEditorSelector((s) => s.editor.app?.workspaceId);
  const datasources = useDatasources(workspaceId);
  const [datasourceDialog, setDatasourceDialog] = useState<{ datasource: DatasourceDto | null } | null>(null);

  return (
    <section className="ed-section ed-explorer">
      <Group title="Widgets">
        {(page?.widgets ?? []).length === 0 ? <li className="ed-muted ed-explorer__empty">No widgets yet</li> : null}
        {page?.widgets.map((w) => (
          <Item key={w.id} icon={w.type} active={w.id === selectedWidgetId} onClick={() => dispatch(widgetSelected(w.id))}>{w.name}</Item>
        ))}
      </Group>
      <Group title="Queries" action={<AddButton onClick={() => dispatch(newQueryOn(datasources.data?.[0]))}>New query</AddButton>}>
        {doc?.queries.map((q) => (
          <Item key={q.id} icon="query" active={openEntity?.id === q.id} onClick={() => dispatch(entityOpened({ kind: 'query', id: q.id }))}>{q.name}</Item>
        ))}
      </Group>
      <Group title="JS objects" action={<AddButton onClick={() => dispatch(jsObjectAdded())}>New JS object</AddButton>}>
        {doc?.jsObjects.map((j) => (
          <Item key={j.id} icon="js" active={openEntity?.id === j.id} onClick={() => dispatch(entityOpened({ kind: 'jsObject', id: j.id }))}>{j.name}</Item>
        ))}
      </Group>
      <Group title="Datasources" action={<AddButton onClick={() => setDatasourceDialog({ datasource: null })}>New datasource</AddButton>}>
        {datasources.isError ? <li className="ed-error-text ed-explorer__empty">Could not load datasources.</li> : null}
        {datasources.data?.map((d) => (
          <Item key={d.id} icon="datasource" active={false} onClick={() => setDatasourceDialog({ datasource: d })}>{d.name}</Item>
        ))}
        {workspaceId && datasources.isSuccess && !datasources.data.some((d) => d.kind === 'sqlite' && d.name === sampleDatasourceName) ? (
          <li>
            <SampleDatabaseOffer
              workspaceId={workspaceId}
              compact={datasources.data.length > 0}
              onCreated={(d) => dispatch(queryAdded(d.id, { body: sampleQueryBody }))}
            />
          </li>
        ) : null}
      </Group>
      {datasourceDialog && workspaceId ? (
        <DatasourceModal workspaceId={workspaceId} datasource={datasourceDialog.datasource} onClose={() => setDatasourceDialog(null)} />
      ) : null}
    </section>
  );
}

/** A new query on the workspace's first datasource: a request when that is a REST API. */
function newQueryOn(datasource: DatasourceDto | undefined) {
  return queryAdded(datasource?.id ?? null, datasource?.kind === 'rest' ? { rest: emptyRestRequest() } : {});
}

function Group(props: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <div className="ed-explorer__group">
      <div className="ed-explorer__header">
        <h2 className="ed-section__title">{props.title}</h2>
        {props.action}
      </div>
      <ul className="ed-explorer__list">{props.children}</ul>
    </div>
  );
}

function Item(props: { icon: string; active: boolean; onClick(): void; children: ReactNode }) {
  return (
    <li>
      <button type="button" className={props.active ? 'ed-explorer__item ed-explorer__item--active' : 'ed-explorer__item'} aria-current={props.active || undefined} onClick={props.onClick}>
        <WidgetIcon type={props.icon} />
        <span>{props.children}</span>
      </button>
    </li>
  );
}

function AddButton(props: { onClick(): void; children: string }) {
  return (
    <button type="button" className="ed-explorer__add" onClick={props.onClick}>
      <span aria-hidden="true">+</span> {props.children}
    </button>
  );
}
