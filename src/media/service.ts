import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Catalog } from '../catalog/catalog.ts';
import { slugify } from '../catalog/product.ts';
import { deleteMedia, findMedia, mediaSlugTaken, saveMedia } from '../catalog/repository.ts';
import type { ImageFile, Media, UploadedImage } from '../catalog/types.ts';
import { commitChange } from '../cluster/change.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import { candidateNames, sizeFileName, storedName } from './file-names.ts';
import { inspectImage, writeSize } from './images.ts';
import { plannedSizes, type PlannedSize } from './sizes.ts';
import { UPLOADS_URL_PATH } from './urls.ts';

/**
 * Images uploaded to the store, as WordPress's media library keeps them: the file under the uploads
 * directory in a `YYYY/MM` folder of the upload's month, each size beside it, and a row in the catalogue
 * that products and categories point at. An upload is stored whole or not at all: a refused or failed
 * one leaves no file and no row.
 */

export interface MediaLimits {
  /** The uploads directory. */
  dir: string;
  maxBytes: number;
  maxPixels: number;
}

export interface MediaDeps {
  database: DatabaseHandle;
  catalog: Catalog;
  limits: MediaLimits;
  /** The store's time zone: an upload's folder is its month there, as WordPress's is. */
  timeZone: () => string;
  now: () => number;
}

/** A received upload, kept in a temporary file until it is stored or discarded. */
export interface IncomingFile {
  path: string;
  bytes: number;
  md5: string;
}

/** How the file came: a form's `file` field, or the body itself (WordPress names their failures apart). */
export type UploadRoute = 'form' | 'body';

export interface AttachmentFields {
  title?: string;
  alt?: string;
  caption?: string;
  description?: string;
  slug?: string;
}

export interface UploadDetails extends AttachmentFields {
  /** The name the client gave the file. */
  filename: string;
  route: UploadRoute;
  /** `Content-MD5`: the hex MD5 the client says the file has. */
  md5?: string;
}

export function invalidAttachmentId(): CocartError {
  return new CocartError('rest_post_invalid_id', 'not_found', 'Invalid post ID.');
}

function tooBig(limits: MediaLimits): CocartError {
  return new CocartError('rest_upload_file_too_big', 'invalid', 'This file is too big. Files must be less than %s KB in size.', [Math.floor(limits.maxBytes / 1024)]);
}

/**
 * A file that is not an image taken here, under the code WordPress gives the route it came by (WordPress
 * answers 500; it is the client's file that is wrong, so here it is a 400).
 */
function refused(route: UploadRoute, msgid: string): CocartError {
  return new CocartError(route === 'form' ? 'rest_upload_unknown_error' : 'rest_upload_sideload_error', 'invalid', msgid);
}

const NOT_ACCEPTED = 'Sorry, you are not allowed to upload this file type.';

/** Counts and hashes what passes; past `max` bytes it fails with `tooBig`. */
function meter(max: number, tooBig: () => Error): Transform & { bytes: number; md5: () => string } {
  const hash = createHash('md5');
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      t.bytes += chunk.length;
      if (t.bytes > max) return done(tooBig());
      hash.update(chunk);
      done(null, chunk);
    },
  }) as Transform & { bytes: number; md5: () => string };
  t.bytes = 0;
  t.md5 = () => hash.digest('hex');
  return t;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

export class MediaService {
  constructor(private readonly deps: MediaDeps) {}

  get limits(): MediaLimits {
    return this.deps.limits;
  }

  /**
   * Streams an upload into a temporary file, refusing it as soon as it passes the size limit (nothing of
   * it is kept then). The caller hands the result to `create`, or to `discard` if it gives up.
   */
  async receive(stream: Readable): Promise<IncomingFile> {
    const dir = join(this.deps.limits.dir, '.incoming');
    await mkdir(dir, { recursive: true });
    const path = join(dir, randomBytes(12).toString('hex'));
    const counter = meter(this.deps.limits.maxBytes, () => tooBig(this.deps.limits));
    // The source is piped, not put in the pipeline: a refusal must not destroy it (that would cut the
    // client's connection before it hears why). What it still sends is read and dropped.
    const failed = (err: Error) => counter.destroy(err);
    stream.once('error', failed);
    stream.pipe(counter);
    try {
      await pipeline(counter, createWriteStream(path, { flags: 'wx' }));
    } catch (err) {
      stream.unpipe(counter);
      stream.resume();
      await rm(path, { force: true });
      throw err;
    } finally {
      stream.off('error', failed);
    }
    return { path, bytes: counter.bytes, md5: counter.md5() };
  }

  async discard(incoming: IncomingFile | null): Promise<void> {
    if (incoming) await rm(incoming.path, { force: true });
  }

  /** Stores a received file as a new image with its sizes; the temporary file is gone afterwards, whatever happens. */
  async create(incoming: IncomingFile, details: UploadDetails): Promise<Media> {
    const written: string[] = [];
    try {
      if (incoming.bytes === 0) throw new CocartError('rest_upload_no_data', 'invalid', 'No data supplied.');
      if (details.md5 !== undefined && details.md5.trim().toLowerCase() !== incoming.md5) {
        throw new CocartError('rest_upload_hash_mismatch', 'precondition_failed', 'Content hash did not match expected.');
      }
      const { maxPixels } = this.deps.limits;
      const seen = await inspectImage(incoming.path, maxPixels, (w, h) => plannedSizes(w, h).length === 0);
      if (seen.kind === 'not-accepted') throw refused(details.route, NOT_ACCEPTED);
      if (seen.kind === 'too-many-pixels') {
        throw new CocartError('rest_upload_file_too_big', 'invalid', 'This image is too large: %1$s × %2$s pixels, more than %3$s megapixels.', [seen.width, seen.height, maxPixels / 1_000_000]);
      }
      const now = this.deps.now();
      const folder = this.folder(now);
      await mkdir(join(this.deps.limits.dir, folder), { recursive: true });
      const planned = plannedSizes(seen.width, seen.height);
      const name = await this.claimName(incoming.path, folder, storedName(details.filename, seen.mimeType), planned);
      written.push(join(this.deps.limits.dir, folder, name));
      const sizes = await this.makeSizes(written[0], seen.mimeType, planned, written, details.route);
      const upload: UploadedImage = { file: `${folder}/${name}`, mimeType: seen.mimeType, width: seen.width, height: seen.height, filesize: incoming.bytes, sizes };
      const title = details.title || details.filename.replace(/\.[^.]*$/, '') || name.replace(/\.[^.]*$/, '');
      const id = await commitChange(this.deps.database, this.deps.catalog, async (trx) =>
        saveMedia(
          trx,
          {
            src: `${UPLOADS_URL_PATH}/${upload.file}`,
            name: title,
            alt: details.alt ?? '',
            caption: details.caption ?? '',
            description: details.description ?? '',
            slug: await this.uniqueSlug(trx, details.slug || title, null),
            createdAt: now,
            modifiedAt: now,
            upload,
          },
          now,
        ),
      );
      written.length = 0;
      return this.stored(id);
    } finally {
      await Promise.all([incoming.path, ...written].map((p) => rm(p, { force: true })));
    }
  }

  /** Changes an image's title, alt text, caption, description or slug. */
  async update(id: number, fields: AttachmentFields): Promise<Media> {
    await commitChange(this.deps.database, this.deps.catalog, async (trx) => {
      const media = await findMedia(trx, id);
      if (!media) throw invalidAttachmentId();
      const slug = fields.slug !== undefined ? await this.uniqueSlug(trx, fields.slug || media.name, id) : media.slug;
      await saveMedia(
        trx,
        {
          ...media,
          name: fields.title ?? media.name,
          alt: fields.alt ?? media.alt,
          caption: fields.caption ?? media.caption,
          description: fields.description ?? media.description,
          slug,
          modifiedAt: this.deps.now(),
        },
        this.deps.now(),
      );
    });
    return this.stored(id);
  }

  /** Deletes an image for good, then its files (after the row: a file is never missing for a row that stays). */
  async delete(id: number): Promise<Media> {
    const media = await commitChange(this.deps.database, this.deps.catalog, async (trx) => {
      const found = await findMedia(trx, id);
      if (!found) throw invalidAttachmentId();
      await deleteMedia(trx, id);
      return found;
    });
    if (media.upload) {
      const original = join(this.deps.limits.dir, media.upload.file);
      const files = [original, ...Object.values(media.upload.sizes).map((s) => join(dirname(original), s.file))];
      await Promise.all(files.map((f) => rm(f, { force: true })));
    }
    return media;
  }

  private stored(id: number): Media {
    const media = this.deps.catalog.current().media.get(id);
    if (!media) throw invalidAttachmentId();
    return media;
  }

  /** The upload's folder, `YYYY/MM`, in the store's time zone. */
  private folder(now: number): string {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.timeZone(), year: 'numeric', month: '2-digit' }).formatToParts(new Date(now * 1000));
    return `${parts.find((p) => p.type === 'year')!.value}/${parts.find((p) => p.type === 'month')!.value}`;
  }

  /**
   * Links the received file under the first free name (`wp_unique_filename`): free when neither it nor any
   * of its sizes' files exists. Linking fails if another upload took the name meanwhile, so two uploads
   * of one name never share a file.
   */
  private async claimName(received: string, folder: string, wanted: { base: string; ext: string }, planned: PlannedSize[]): Promise<string> {
    const dir = join(this.deps.limits.dir, folder);
    for (const candidate of candidateNames(wanted.base, wanted.ext)) {
      const sizeFiles = planned.map((p) => join(dir, sizeFileName(candidate, p.width, p.height)));
      if ((await Promise.all(sizeFiles.map(exists))).some(Boolean)) continue;
      try {
        await link(received, join(dir, candidate));
        return candidate;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error('candidateNames never ends');
  }

  /** Makes each planned size beside the original; sizes of equal dimensions share one file, as in WordPress. */
  private async makeSizes(original: string, mimeType: string, planned: PlannedSize[], written: string[], route: UploadRoute): Promise<Record<string, ImageFile>> {
    const sizes: Record<string, ImageFile> = {};
    const made = new Map<string, ImageFile>();
    for (const size of planned) {
      const file = sizeFileName(original.slice(original.lastIndexOf('/') + 1), size.width, size.height);
      let entry = made.get(file);
      if (!entry) {
        const path = join(dirname(original), file);
        written.push(path);
        let filesize: number;
        try {
          filesize = await writeSize(original, path, mimeType, size, this.deps.limits.maxPixels);
        } catch {
          // The header read well but the pixels do not: a broken or truncated image.
          throw refused(route, 'The image could not be read: the file is damaged or incomplete.');
        }
        entry = { file, width: size.width, height: size.height, mimeType, filesize };
        made.set(file, entry);
      }
      sizes[size.name] = entry;
    }
    return sizes;
  }

  /** `wp_unique_post_slug` among images: a slug in use gets `-2`, `-3` … */
  private async uniqueSlug(trx: Kysely<Database>, wanted: string, id: number | null): Promise<string> {
    const base = slugify(wanted) || 'image';
    let slug = base;
    for (let n = 2; await mediaSlugTaken(trx, slug, id); n++) slug = `${base}-${n}`;
    return slug;
  }
}
