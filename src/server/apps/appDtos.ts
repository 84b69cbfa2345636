import { type AppEditDto, type AppSummaryDto, type Embedding, embeddingSchema } from '../../shared/api/apps';
import { type AppDocument, appDocumentSchema } from '../../shared/appDocument';
import type { AppRow } from './requireApp';

/** The list entry of an app: no document, nothing a viewer must not see. */
export function toAppSummaryDto(row: AppRow): AppSummaryDto {
  return { id: row.id, workspaceId: row.workspace_id, name: row.name, updatedAt: row.updated_at, publishedAt: row.published_at };
}

/** The edit-mode app, for Developers and Administrators only. */
export function toAppEditDto(row: AppRow): AppEditDto {
  return { ...toAppSummaryDto(row), version: row.version, document: parseDocument(row.document), embedding: parseEmbedding(row.embedding) };
}

/** A stored document; it was validated when written, parsing again fills defaults of newer fields. */
export function parseDocument(text: string): AppDocument {
  return appDocumentSchema.parse(JSON.parse(text));
}

export function parseEmbedding(text: string): Embedding {
  return embeddingSchema.parse(JSON.parse(text));
}
