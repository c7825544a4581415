import type { FormatEnum, Metadata, default as Sharp } from 'sharp';

/**
 * sharp and its libvips hold about 14 MB once loaded: a store that never handles an upload (most
 * requests of every store) should not carry them, so they load with the first image.
 */
let loaded: Promise<typeof Sharp> | null = null;
const sharp = (): Promise<typeof Sharp> => (loaded ??= import('sharp').then((m) => m.default));
import type { PlannedSize } from './sizes.ts';

/**
 * What sharp (libvips) tells of a file and makes of it. The file's bytes decide what it is, never its
 * name or the type a client declared.
 */

/** The image types WordPress takes by default and every browser shows, by sharp's name for them. */
const ACCEPTED: Readonly<Record<string, string>> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' };

/** sharp's output format for each accepted type: sizes keep their original's type, as WordPress makes them. */
const OUTPUT: Readonly<Record<string, keyof FormatEnum | 'avif'>> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/avif': 'avif' };

export type Inspection =
  | { kind: 'image'; mimeType: string; width: number; height: number }
  /** Not an image sharp can read, or one of a type not taken (SVG, TIFF, HEIC …). */
  | { kind: 'not-accepted' }
  /** More pixels than allowed: refused before any is decoded. */
  | { kind: 'too-many-pixels'; width: number; height: number };

function typeOf(meta: Metadata): string | undefined {
  // libvips reads AVIF as HEIF compressed with AV1.
  if (meta.format === 'heif') return meta.compression === 'av1' ? ACCEPTED.avif : undefined;
  return ACCEPTED[meta.format];
}

/**
 * Reads an image's header: its type and its dimensions as shown (EXIF orientation applied). An image
 * too small to get any size is decoded whole here, so a broken one is refused; a larger one is decoded
 * when its sizes are made.
 */
export async function inspectImage(path: string, maxPixels: number, decodeWhole: (width: number, height: number) => boolean): Promise<Inspection> {
  const vips = await sharp();
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: a bomb is then told apart from a non-image.
    meta = await vips(path, { limitInputPixels: false }).metadata();
  } catch {
    return { kind: 'not-accepted' };
  }
  const mimeType = typeOf(meta);
  if (!mimeType || !meta.width || !meta.height) return { kind: 'not-accepted' };
  const { width, height } = meta.autoOrient ?? meta;
  if (width * height > maxPixels) return { kind: 'too-many-pixels', width, height };
  if (decodeWhole(width, height)) {
    try {
      await vips(path, { limitInputPixels: maxPixels }).stats();
    } catch {
      return { kind: 'not-accepted' };
    }
  }
  return { kind: 'image', mimeType, width, height };
}

/** Writes one size of an image: the planned part of it, scaled to the planned dimensions, in its own type; its bytes. */
export async function writeSize(original: string, destination: string, mimeType: string, size: PlannedSize, maxPixels: number): Promise<number> {
  const vips = await sharp();
  const info = await vips(original, { limitInputPixels: maxPixels, autoOrient: true })
    .extract(size.source)
    .resize(size.width, size.height, { fit: 'fill' })
    .toFormat(OUTPUT[mimeType])
    .toFile(destination);
  return info.size;
}
