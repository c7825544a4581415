import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import { uploadPath } from '../../media/urls.ts';
import { findMedia, saveMedia } from '../repository.ts';
import { invalidParam, type StoreInput } from './input.ts';

/** An image as a wc/v3 body names one (a product's `images[]`, a variation's or a category's `image`). */
export interface ImageReference {
  id?: number;
  src?: string;
  name?: string;
  alt?: string;
}

/**
 * The image a wc/v3 body means, as WooCommerce reads it: by `id`, an image that must exist; by `src`, this
 * store's own upload when the URL is one of its files (WordPress's `attachment_url_to_postid`), else an
 * image elsewhere, kept as a link. A `name` or `alt` given with it becomes the image's title or alt text.
 * Writes go through the caller's transaction.
 */
export async function imageId(
  trx: Kysely<Database>,
  input: StoreInput,
  ref: ImageReference,
  invalidIdCode: string,
  /** The parameter refused (`images`) and how the item is named in the refusal (`images[2]`). */
  field: string,
  item: string = field,
): Promise<number> {
  let id = ref.id ?? 0;
  if (id && !input.snapshot.media.has(id)) throw new CocartError(invalidIdCode, 'invalid', '#%s is an invalid image ID.', [id]);
  if (!id) {
    const src = ref.src?.trim() ?? '';
    const own = uploadPath(input.origin, src);
    id = own ? ([...input.snapshot.media.values()].find((m) => m.src === own)?.id ?? 0) : 0;
    if (!id && own) throw new CocartError(invalidIdCode, 'invalid', 'No image was uploaded at %s.', [src]);
    if (!id) {
      if (!/^https?:\/\/\S+$/i.test(src)) throw invalidParam(field, `${item} needs an id or an http(s) src.`);
      return saveMedia(trx, { src, name: ref.name ?? '', alt: ref.alt ?? '' }, input.now);
    }
  }
  if (ref.name !== undefined || ref.alt !== undefined) {
    const media = (await findMedia(trx, id))!;
    await saveMedia(trx, { ...media, name: ref.name ?? media.name, alt: ref.alt ?? media.alt, modifiedAt: input.now }, input.now);
  }
  return id;
}
