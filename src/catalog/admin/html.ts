import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';

/** sanitize-html (with the CSS parser it brings) holds about 11 MB: loaded with the first description saved, not at start-up. */
const load = createRequire(import.meta.url);
let sanitizeHtml: typeof SanitizeHtml | null = null;

/**
 * What a product's descriptions and purchase note may hold: the markup WordPress lets an author keep
 * in a post (`wp_kses_post`, which WooCommerce runs over them on save): text formatting, headings,
 * lists, links, images and tables. Scripts, styles, event handlers, forms and frames are dropped, and
 * links and images keep only web, mail and telephone addresses.
 */

const TAGS = [
  'a', 'abbr', 'address', 'b', 'bdi', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details',
  'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd',
  'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'section', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul',
];

const OPTIONS: SanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    '*': ['class', 'title', 'lang', 'dir', 'aria-label', 'aria-hidden'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes', 'loading'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['datetime'],
    ins: ['datetime'],
    time: ['datetime'],
    td: ['colspan', 'rowspan', 'headers'],
    th: ['colspan', 'rowspan', 'scope', 'headers'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'reversed', 'type'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
};

export function sanitizeDescription(html: string): string {
  sanitizeHtml ??= load('sanitize-html') as typeof SanitizeHtml;
  return sanitizeHtml(html, OPTIONS);
}
