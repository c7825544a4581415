import { wpDate, wpDateGmt } from '../../api/dates.ts';
import { escapeHtml, paragraphs } from '../../api/serializers/html.ts';
import type { Media } from '../../catalog/types.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { absoluteUrl } from '../../media/urls.ts';

/**
 * An image as WordPress's `wp/v2/media` answers an attachment (WP_REST_Attachments_Controller's
 * `prepare_item_for_response`): the post fields, then `alt_text`, `caption`, `description`,
 * `media_type`, `mime_type`, `media_details` (the file, its dimensions and bytes, and each size with
 * its URL, `full` last) and `source_url`. `edit` adds the raw texts, as the upload's own answer has them.
 */

export type MediaContext = 'view' | 'edit' | 'embed';

export interface MediaJsonContext {
  /** This server's origin: uploads are kept as paths on it. */
  origin: string;
  /** `<origin>/wp-json`. */
  apiRoot: string;
  /** The storefront's base URL, for the attachment's page link. */
  home: string;
  timeZone: string;
}

/** WordPress's type of a file by its extension, for an image linked from elsewhere (no file of ours to read). */
function mimeOfUrl(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml' };
  return (ext && types[ext]) || 'image/jpeg';
}

function mediaDetails(m: Media, c: MediaJsonContext): JsonObject {
  const u = m.upload;
  // An image kept elsewhere has no metadata: WordPress answers an empty object (not PHP's `[]`).
  if (!u) return {};
  const sizes: JsonObject = {};
  for (const [name, s] of Object.entries(u.sizes)) {
    sizes[name] = {
      file: s.file,
      width: s.width,
      height: s.height,
      ...(s.filesize === null ? {} : { filesize: s.filesize }),
      mime_type: s.mimeType,
      source_url: absoluteUrl(c.origin, m.sizes[name] ?? m.src),
    };
  }
  sizes.full = { file: u.file.slice(u.file.lastIndexOf('/') + 1), width: u.width, height: u.height, mime_type: u.mimeType, source_url: absoluteUrl(c.origin, m.src) };
  return {
    width: u.width,
    height: u.height,
    file: u.file,
    ...(u.filesize === null ? {} : { filesize: u.filesize }),
    sizes,
    image_meta: {
      aperture: '0', credit: '', camera: '', caption: '', created_timestamp: '0', copyright: '', focal_length: '0',
      iso: '0', shutter_speed: '0', title: '', orientation: '0', keywords: [],
    },
  };
}

export function mediaJson(m: Media, c: MediaJsonContext, context: MediaContext = 'view'): JsonObject {
  const source = absoluteUrl(c.origin, m.src);
  const self = `${c.apiRoot}/wp/v2/media/${m.id}`;
  const link = `${c.home}/?attachment_id=${m.id}`;
  const title = escapeHtml(m.name);
  const caption = paragraphs(m.caption);
  const links = {
    self: [{ href: self, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] } }],
    collection: [{ href: `${c.apiRoot}/wp/v2/media` }],
    about: [{ href: `${c.apiRoot}/wp/v2/types/attachment` }],
  };
  const common = {
    alt_text: m.alt,
    media_type: 'image',
    mime_type: m.upload?.mimeType ?? mimeOfUrl(m.src),
    media_details: mediaDetails(m, c),
  };
  if (context === 'embed') {
    return {
      id: m.id, date: wpDate(m.createdAt, c.timeZone), slug: m.slug, type: 'attachment', link,
      title: { rendered: title }, author: 0, caption: { rendered: caption }, ...common, source_url: source, _links: links,
    };
  }
  const edit = context === 'edit';
  return {
    id: m.id,
    date: wpDate(m.createdAt, c.timeZone),
    date_gmt: wpDateGmt(m.createdAt),
    guid: edit ? { rendered: source, raw: source } : { rendered: source },
    modified: wpDate(m.modifiedAt, c.timeZone),
    modified_gmt: wpDateGmt(m.modifiedAt),
    slug: m.slug,
    status: 'inherit',
    type: 'attachment',
    link,
    title: edit ? { raw: m.name, rendered: title } : { rendered: title },
    author: 0,
    featured_media: 0,
    comment_status: 'open',
    ping_status: 'closed',
    template: '',
    meta: [],
    class_list: [`post-${m.id}`, 'attachment', 'type-attachment', 'status-inherit', 'hentry'],
    ...(edit ? { permalink_template: `${c.home}/?attachment_id=${m.id}`, generated_slug: m.slug } : {}),
    description: edit ? { raw: m.description, rendered: paragraphs(m.description) } : { rendered: paragraphs(m.description) },
    caption: edit ? { raw: m.caption, rendered: caption } : { rendered: caption },
    ...common,
    post: null,
    source_url: source,
    ...(edit ? { missing_image_sizes: [] } : {}),
    _links: links,
  };
}
