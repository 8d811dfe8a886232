import { DomainError } from './errors.js';

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;

/** Where the previous page ended: the last row's creation time and id. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Cursors are opaque to callers, but carry nothing secret: the position in the keyset
 * (created_at, id) of the last row shown. Rows are created with millisecond timestamps, so the
 * ISO form round-trips exactly.
 */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw DomainError.invalid('request.cursor_invalid', 'The cursor is not valid.', 'cursor');
  }
  return { createdAt, id };
}

/** A MikroORM filter for the rows after a cursor, in (createdAt, id) order. */
export function afterCursor(cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
  return { $or: [{ createdAt: { $gt: createdAt } }, { createdAt, id: { $gt: id } }] };
}

/** Clamps a requested page size to 1..PAGE_MAX, defaulting to PAGE_DEFAULT. */
export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? PAGE_DEFAULT), 1), PAGE_MAX);
}

/** Cuts the one extra row fetched to learn whether another page follows. */
export function toPage<R extends PagePosition, T>(
  rows: R[],
  limit: number,
  shape: (row: R) => T,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(shape),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
