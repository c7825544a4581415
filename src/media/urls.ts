import type { Media } from '../catalog/types.ts';

/** Where uploads are served, as WordPress serves them: `/wp-content/uploads/2026/12/name.jpg`. */
export const UPLOADS_URL_PATH = '/wp-content/uploads';

/**
 * A media URL as a client sees it. Images on this server are kept as paths (`/wp-content/uploads/…`)
 * so a store keeps its pictures when its address changes; they are made absolute with the request's
 * origin on the way out. Outside URLs pass as they are.
 */
export function absoluteUrl(origin: string, url: string): string {
  return url.startsWith('/') ? `${origin}${url}` : url;
}

/** One size of an image, absolute; the full image when that size was not made (it would not be smaller). */
export function sizeUrl(origin: string, media: Media, size: string): string {
  return absoluteUrl(origin, media.sizes[size] ?? media.src);
}

/** The path an absolute URL of this server names, when it names an upload here; else null. */
export function uploadPath(origin: string, url: string): string | null {
  const path = url.startsWith(`${origin}/`) ? url.slice(origin.length) : url.startsWith('/') ? url : null;
  return path?.startsWith(`${UPLOADS_URL_PATH}/`) ? path : null;
}
