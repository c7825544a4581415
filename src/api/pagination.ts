import type { FastifyReply, FastifyRequest } from 'fastify';
import { CocartError } from '../errors.ts';

/** WordPress collection paging: X-WP-Total, X-WP-TotalPages and a Link header keeping every other query param. */

export interface Page {
  page: number;
  totalPages: number;
  prev: string | null;
  next: string | null;
}

export function pageUrl(req: FastifyRequest, origin: string, page: number): string {
  const [path, query = ''] = req.url.split('?');
  const params = new URLSearchParams(query);
  params.set('page', String(page));
  return `${origin}${path}?${params.toString()}`;
}

export function paginate(
  req: FastifyRequest,
  reply: FastifyReply,
  origin: string,
  total: number,
  page: number,
  perPage: number,
  /** The error code for a page past the last, or null where WordPress does not check (terms). */
  invalidPageCode: string | null,
): Page {
  const totalPages = perPage > 0 ? Math.ceil(total / perPage) : 1;
  if (invalidPageCode && total > 0 && page > totalPages) {
    throw new CocartError(invalidPageCode, 'invalid', 'The page number requested is larger than the number of pages available.');
  }
  const prev = page > 1 && totalPages > 0 ? pageUrl(req, origin, Math.min(page - 1, totalPages)) : null;
  const next = page < totalPages ? pageUrl(req, origin, page + 1) : null;
  reply.header('x-wp-total', String(total));
  reply.header('x-wp-totalpages', String(totalPages));
  const links = [prev && `<${prev}>; rel="prev"`, next && `<${next}>; rel="next"`].filter(Boolean);
  if (links.length) reply.header('link', links.join(', '));
  return { page, totalPages, prev, next };
}
