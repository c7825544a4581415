/**
 * Upload file names as WordPress makes them: cleaned of characters that trouble URLs and file systems
 * (`sanitize_file_name`), given the extension of what the file really is, suffixed `-1`, `-2` … when the
 * name is taken (`wp_unique_filename`), and `-<width>x<height>` for each size. Pure.
 */

/** The extension WordPress gives each image type it accepts. */
export const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
};

/** Extensions that name an accepted type (a `.jpeg` stays a `.jpeg`, as WordPress keeps it). */
const ALIASES: Readonly<Record<string, string>> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' };

/**
 * The name a file is stored under, without its directory and extension, and the extension it gets: the
 * client's own name cleaned, and its extension kept when it names the file's real type, else replaced by
 * that type's (WordPress corrects a mismatched image extension the same way). Only letters, digits, dots,
 * hyphens and underscores remain: WordPress keeps more, but every other character needs escaping in a URL.
 */
export function storedName(clientName: string, mimeType: string): { base: string; ext: string } {
  const leaf = clientName.split(/[\\/]/).pop() ?? '';
  const dot = leaf.lastIndexOf('.');
  const rawExt = dot > 0 ? leaf.slice(dot + 1).toLowerCase() : '';
  const rawBase = dot > 0 ? leaf.slice(0, dot) : leaf;
  const base = rawBase
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  const ext = ALIASES[rawExt] === mimeType ? rawExt : EXTENSIONS[mimeType];
  return { base: base || 'image', ext };
}

/** The candidates `wp_unique_filename` tries in turn: `name.ext`, `name-1.ext`, `name-2.ext` … */
export function* candidateNames(base: string, ext: string): Generator<string> {
  yield `${base}.${ext}`;
  for (let n = 1; ; n++) yield `${base}-${n}.${ext}`;
}

/** A size's file beside its original: `name-150x150.jpg` for `name.jpg`. */
export function sizeFileName(original: string, width: number, height: number): string {
  const dot = original.lastIndexOf('.');
  return `${original.slice(0, dot)}-${width}x${height}${original.slice(dot)}`;
}
