import { createAction, createSlice, nanoid } from '@reduxjs/toolkit';
import type { AppDocument, AppEditDto, AppSettings, Embedding, JsObjectDef, Page, PropValue, QueryDef, RestRequest, Widget, WidgetLayout } from '../../shared';
import { entityNameProblem, nextEntityName } from './entityNames';
import type { LayoutChange } from '../canvas/gridLayout';

// The editor's one slice: the app document being edited, its saved version, what is selected
// and which panel is open. Only plain JSON lives here (Redux style guide, priority A); Monaco,
// the runtime worker and query results live in React context. Actions are events, named by
// the part of the UI they come from (`canvas/widgetDropped`).

/** The entity shown in the bottom panel (query or JS object editor). */
export interface OpenEntity {
  kind: 'query' | 'jsObject';
  id: string;
}

export interface EditorAppInfo {
  id: string;
  workspaceId: string;
  name: string;
  publishedAt: string | null;
  embedding: Embedding;
}

export interface EditorState {
  app: EditorAppInfo | null;
  document: AppDocument | null;
  /** The server's version of the document this state is based on; sent with every save. */
  version: number;
  currentPageId: string;
  selectedWidgetId: string | null;
  openEntity: OpenEntity | null;
  /** The bottom panel shows the debugger (errors and query runs) instead of the open entity. */
  debuggerOpen: boolean;
  /** Bumps on every edit; the document is saved when `savedRevision` catches up. */
  revision: number;
  savedRevision: number;
  saving: boolean;
  saveError: string | null;
  /** Someone else saved first: auto-save stops, nothing is overwritten. */
  conflict: boolean;
}

export const initialEditorState: EditorState = {
  app: null,
  document: null,
  version: 0,
  currentPageId: '',
  selectedWidgetId: null,
  openEntity: null,
  debuggerOpen: false,
  revision: 0,
  savedRevision: 0,
  saving: false,
  saveError: null,
  conflict: false,
};

// ---- Events -----------------------------------------------------------------------------

export const appLoaded = createAction<AppEditDto>('editor/appLoaded');

export interface WidgetDroppedPayload {
  /** Widget type, e.g. `input`. */
  type: string;
  /** Prefix of the new name, the widget's display name (`Input` → `Input1`). */
  namePrefix: string;
  layout: WidgetLayout;
  props: Record<string, PropValue>;
}
export const widgetDropped = createAction('canvas/widgetDropped', (payload: WidgetDroppedPayload) => ({
  payload: { ...payload, id: `w_${nanoid(10)}` },
}));
export const layoutChanged = createAction<LayoutChange[]>('canvas/layoutChanged');
export const widgetSelected = createAction<string | null>('canvas/widgetSelected');
export const widgetRemoved = createAction<string>('canvas/widgetRemoved');

export const widgetRenamed = createAction<{ id: string; name: string }>('propertyPane/widgetRenamed');
export const propertyChanged = createAction<{ id: string; property: string; value: PropValue }>('propertyPane/propertyChanged');

/**
 * A new query. `rest` when its datasource is a REST API (the query then holds a request instead
 * of SQL); `body` to start with some SQL (the sample database's first query).
 */
export const queryAdded = createAction('explorer/queryAdded', (datasourceId: string | null, start: { rest?: RestRequest; body?: string } = {}) => ({
  payload: { id: `q_${nanoid(10)}`, datasourceId, ...start },
}));
export const jsObjectAdded = createAction('explorer/jsObjectAdded', () => ({ payload: { id: `js_${nanoid(10)}` } }));
export const entityOpened = createAction<OpenEntity>('explorer/entityOpened');
export const bottomPanelClosed = createAction('explorer/bottomPanelClosed');

export type QueryPatch = Partial<Omit<QueryDef, 'id' | 'name'>>;
export const queryChanged = createAction<{ id: string; patch: QueryPatch }>('queryEditor/queryChanged');
export const queryRenamed = createAction<{ id: string; name: string }>('queryEditor/queryRenamed');
export const queryRemoved = createAction<string>('queryEditor/queryRemoved');
/**
 * Another datasource picked for a query. `rest` is the request when the new datasource is a REST
 * API and the query was SQL; `null` drops the request when a REST query moves to a SQL datasource
 * (its SQL body, kept all along, comes back); absent keeps the query's shape.
 */
export const queryDatasourceChanged = createAction<{ id: string; datasourceId: string | null; rest?: RestRequest | null }>('queryEditor/datasourceChanged');

export const jsObjectCodeChanged = createAction<{ id: string; code: string }>('jsEditor/codeChanged');
export const jsObjectRenamed = createAction<{ id: string; name: string }>('jsEditor/jsObjectRenamed');
export const jsObjectRemoved = createAction<string>('jsEditor/jsObjectRemoved');
/** One function's settings changed; a function with both settings off has no entry. */
export const jsFunctionSettingsChanged = createAction<{ id: string; fn: string; settings: { runOnLoad: boolean; confirm: boolean } }>('jsEditor/functionSettingsChanged');

export const debuggerOpened = createAction('bottomPanel/debuggerOpened');
export const debuggerClosed = createAction('bottomPanel/debuggerClosed');

export const appRenamed = createAction<string>('topBar/appRenamed');
export const appPublished = createAction<string>('topBar/appPublished');
export const embeddingSaved = createAction<Embedding>('topBar/embeddingSaved');
export const appSettingsChanged = createAction<AppSettings>('topBar/appSettingsChanged');

export const saveStarted = createAction('save/started');
/** `revision` is the revision the saved document had when the save was sent. */
export const saveSucceeded = createAction<{ version: number; revision: number }>('save/succeeded');
export const saveFailed = createAction<string>('save/failed');
export const saveConflicted = createAction('save/conflicted');

/** The JS object a new one starts with. */
export const newJsObjectCode = `export default {
  greeting: 'Hello',
  greet(name) {
    return this.greeting + ', ' + name;
  },
};
`;

// ---- Reducer ----------------------------------------------------------------------------

export const editorSlice = createSlice({
  name: 'editor',
  initialState: initialEditorState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(appLoaded, (_state, { payload }) => ({
        ...initialEditorState,
        app: {
          id: payload.id,
          workspaceId: payload.workspaceId,
          name: payload.name,
          publishedAt: payload.publishedAt,
          embedding: payload.embedding,
        },
        document: payload.document,
        version: payload.version,
        currentPageId: payload.document.pages[0]?.id ?? '',
      }))
      .addCase(widgetDropped, (state, { payload }) => {
        const page = currentPage(state);
        if (!state.document || !page) return;
        const widget: Widget = {
          id: payload.id,
          name: nextEntityName(state.document, payload.namePrefix),
          type: payload.type,
          layout: payload.layout,
          props: payload.props,
        };
        page.widgets.push(widget);
        state.selectedWidgetId = widget.id;
        edited(state);
      })
      .addCase(layoutChanged, (state, { payload }) => {
        const page = currentPage(state);
        if (!page || payload.length === 0) return;
        for (const change of payload) {
          const widget = page.widgets.find((w) => w.id === change.id);
          if (widget) widget.layout = change.layout;
        }
        edited(state);
      })
      .addCase(widgetSelected, (state, { payload }) => {
        state.selectedWidgetId = payload;
      })
      .addCase(widgetRemoved, (state, { payload }) => {
        const page = currentPage(state);
        if (!page) return;
        const before = page.widgets.length;
        page.widgets = page.widgets.filter((w) => w.id !== payload);
        if (page.widgets.length === before) return;
        if (state.selectedWidgetId === payload) state.selectedWidgetId = null;
        edited(state);
      })
      .addCase(widgetRenamed, (state, { payload }) => {
        const widget = findWidget(state, payload.id);
        if (!widget || !state.document || widget.name === payload.name) return;
        if (entityNameProblem(state.document, payload.name, widget.name)) return;
        widget.name = payload.name;
        edited(state);
      })
      .addCase(propertyChanged, (state, { payload }) => {
        const widget = findWidget(state, payload.id);
        if (!widget || widget.props[payload.property] === payload.value) return;
        widget.props[payload.property] = payload.value;
        edited(state);
      })
      .addCase(queryAdded, (state, { payload }) => {
        if (!state.document) return;
        const query: QueryDef = {
          id: payload.id,
          name: nextEntityName(state.document, 'Query'),
          datasourceId: payload.datasourceId,
          body: payload.body ?? '',
          runOnLoad: false,
          confirm: false,
          timeoutMs: 10_000,
          preparedStatements: true,
          ...(payload.rest ? { rest: payload.rest } : {}),
        };
        state.document.queries.push(query);
        state.openEntity = { kind: 'query', id: query.id };
        state.debuggerOpen = false;
        edited(state);
      })
      .addCase(jsObjectAdded, (state, { payload }) => {
        if (!state.document) return;
        const jsObject: JsObjectDef = { id: payload.id, name: nextEntityName(state.document, 'JSObject'), code: newJsObjectCode, functionSettings: {} };
        state.document.jsObjects.push(jsObject);
        state.openEntity = { kind: 'jsObject', id: jsObject.id };
        state.debuggerOpen = false;
        edited(state);
      })
      .addCase(entityOpened, (state, { payload }) => {
        state.openEntity = payload;
        state.debuggerOpen = false;
      })
      .addCase(bottomPanelClosed, (state) => {
        state.openEntity = null;
        state.debuggerOpen = false;
      })
      .addCase(debuggerOpened, (state) => {
        state.debuggerOpen = true;
      })
      .addCase(debuggerClosed, (state) => {
        state.debuggerOpen = false;
      })
      .addCase(jsFunctionSettingsChanged, (state, { payload }) => {
        const jsObject = state.document?.jsObjects.find((j) => j.id === payload.id);
        if (!jsObject) return;
        const before = jsObject.functionSettings[payload.fn];
        const { runOnLoad, confirm } = payload.settings;
        if ((before?.runOnLoad ?? false) === runOnLoad && (before?.confirm ?? false) === confirm) return;
        if (!runOnLoad && !confirm) delete jsObject.functionSettings[payload.fn];
        else jsObject.functionSettings[payload.fn] = { runOnLoad, confirm };
        edited(state);
      })
      .addCase(queryChanged, (state, { payload }) => {
        const query = state.document?.queries.find((q) => q.id === payload.id);
        if (!query) return;
        Object.assign(query, payload.patch);
        edited(state);
      })
      .addCase(queryDatasourceChanged, (state, { payload }) => {
        const query = state.document?.queries.find((q) => q.id === payload.id);
        if (!query) return;
        query.datasourceId = payload.datasourceId;
        if (payload.rest === null) delete query.rest;
        else if (payload.rest) query.rest = payload.rest;
        edited(state);
      })
      .addCase(queryRenamed, (state, { payload }) => {
        const query = state.document?.queries.find((q) => q.id === payload.id);
        if (!query || !state.document || query.name === payload.name) return;
        if (entityNameProblem(state.document, payload.name, query.name)) return;
        query.name = payload.name;
        edited(state);
      })
      .addCase(queryRemoved, (state, { payload }) => {
        if (!state.document) return;
        state.document.queries = state.document.queries.filter((q) => q.id !== payload);
        if (state.openEntity?.id === payload) state.openEntity = null;
        edited(state);
      })
      .addCase(jsObjectCodeChanged, (state, { payload }) => {
        const jsObject = state.document?.jsObjects.find((j) => j.id === payload.id);
        if (!jsObject || jsObject.code === payload.code) return;
        jsObject.code = payload.code;
        edited(state);
      })
      .addCase(jsObjectRenamed, (state, { payload }) => {
        const jsObject = state.document?.jsObjects.find((j) => j.id === payload.id);
        if (!jsObject || !state.document || jsObject.name === payload.name) return;
        if (entityNameProblem(state.document, payload.name, jsObject.name)) return;
        jsObject.name = payload.name;
        edited(state);
      })
      .addCase(jsObjectRemoved, (state, { payload }) => {
        if (!state.document) return;
        state.document.jsObjects = state.document.jsObjects.filter((j) => j.id !== payload);
        if (state.openEntity?.id === payload) state.openEntity = null;
        edited(state);
      })
      .addCase(appRenamed, (state, { payload }) => {
        if (!state.app || state.app.name === payload) return;
        state.app.name = payload;
        edited(state);
      })
      .addCase(appPublished, (state, { payload }) => {
        if (state.app) state.app.publishedAt = payload;
      })
      .addCase(embeddingSaved, (state, { payload }) => {
        if (state.app) state.app.embedding = payload;
      })
      .addCase(appSettingsChanged, (state, { payload }) => {
        if (!state.document || JSON.stringify(state.document.settings) === JSON.stringify(payload)) return;
        state.document.settings = payload;
        edited(state);
      })
      .addCase(saveStarted, (state) => {
        state.saving = true;
      })
      .addCase(saveSucceeded, (state, { payload }) => {
        state.saving = false;
        state.saveError = null;
        state.version = payload.version;
        state.savedRevision = Math.max(state.savedRevision, payload.revision);
      })
      .addCase(saveFailed, (state, { payload }) => {
        state.saving = false;
        state.saveError = payload;
      })
      .addCase(saveConflicted, (state) => {
        state.saving = false;
        state.conflict = true;
      });
  },
});

function edited(state: EditorState): void {
  state.revision += 1;
}

function currentPage(state: EditorState): Page | undefined {
  return state.document?.pages.find((p) => p.id === state.currentPageId);
}

function findWidget(state: EditorState, id: string): Widget | undefined {
  return currentPage(state)?.widgets.find((w) => w.id === id);
}
