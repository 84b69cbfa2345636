import type { AppViewDto, ViewQueryDto } from '../../shared/api/apps';
import type { Role } from '../../shared/api/workspaces';
import { handlerTimeoutOf, type AppDocument } from '../../shared/appDocument';
import type { PublishedActionsTable } from '../store/appTables';

/** The columns of a published action the view DTO may draw from: no body, no datasource. */
export type ViewActionRow = Pick<PublishedActionsTable, 'id' | 'name' | 'bindings' | 'timeout_ms'> & { run_on_load: number; confirm: number };

/**
 * The published app as a viewer receives it, built by listing every field it carries (I1):
 * pages and widgets, JS objects (their code is visible to viewers, documented), and for each
 * query only its published action id, name, bindings, runOnLoad, confirm and time limit, and the app's settings —
 * never a body, a datasource id or a setting of one.
 */
export function toAppViewDto(
  app: { id: string; name: string; workspaceId: string; publishedAt: string },
  snapshot: AppDocument,
  actions: ReadonlyArray<ViewActionRow>,
  role: Role,
): AppViewDto {
  return {
    app: { id: app.id, name: app.name, workspaceId: app.workspaceId },
    publishedAt: app.publishedAt,
    pages: snapshot.pages.map((page) => ({
      id: page.id,
      name: page.name,
      slug: page.slug,
      widgets: page.widgets.map((widget) => ({
        id: widget.id,
        name: widget.name,
        type: widget.type,
        layout: { x: widget.layout.x, y: widget.layout.y, w: widget.layout.w, h: widget.layout.h },
        props: { ...widget.props },
      })),
    })),
    jsObjects: snapshot.jsObjects.map((js) => ({
      id: js.id,
      name: js.name,
      code: js.code,
      functionSettings: Object.fromEntries(Object.entries(js.functionSettings ?? {}).map(([fn, s]) => [fn, { runOnLoad: s.runOnLoad, confirm: s.confirm }])),
    })),
    queries: actions.map((action): ViewQueryDto => ({
      id: action.id,
      name: action.name,
      bindings: (JSON.parse(action.bindings) as unknown[]).filter((b): b is string => typeof b === 'string'),
      runOnLoad: action.run_on_load === 1,
      confirm: action.confirm === 1,
      timeoutMs: action.timeout_ms,
    })),
    settings: { handlerTimeoutMs: handlerTimeoutOf(snapshot) },
    role,
  };
}
