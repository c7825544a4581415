import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ErrorNotice } from '../../ui/notice.tsx';
import { useAction } from '../../ui/use-action.ts';
import { AddField } from './add-field.tsx';
import { RowButton } from './shared-ui.tsx';

/**
 * A product's images (the first is its main image, the rest its gallery) or a variation's one image:
 * uploaded as WordPress takes them (`POST wp/v2/media`, a multipart `file`; the answer's `id` is what
 * wc/v3 is then given), or named by their web address (wc/v3 `images: [{src}]`). Each can be removed
 * or, in a gallery, made the main image.
 */

export interface ImageRef {
  id?: number;
  src: string;
  name?: string;
  alt?: string;
}

/** What wc/v3 is given for an image: an uploaded or stored one by id, a new one by its address. */
export function imageBody(image: ImageRef): Record<string, unknown> {
  return image.id ? { id: image.id } : { src: image.src, name: image.name ?? '', alt: image.alt ?? '' };
}

interface UploadedMedia {
  id: number;
  source_url: string;
  alt_text?: string;
  media_details?: { sizes?: { thumbnail?: { source_url: string } } };
}

export function ImagePicker(props: { idPrefix: string; label: string; images: ImageRef[]; single?: boolean; onChange: (images: ImageRef[]) => void }) {
  const { idPrefix: id, images } = props;
  const upload = useAction();
  const full = props.single && images.length > 0;

  const add = (image: ImageRef) => props.onChange(props.single ? [image] : [...images, image]);
  const uploadFile = async (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const media = await upload.run(() => api<UploadedMedia>('/wp/v2/media', { method: 'POST', body: form }));
    if (media) add({ id: media.id, src: media.media_details?.sizes?.thumbnail?.source_url ?? media.source_url, alt: media.alt_text ?? '' });
  };

  return (
    <fieldset class="cat-form-fieldset cat-images">
      <legend>{props.label}</legend>
      {images.length ? (
        <ul class="cat-image-list">
          {images.map((image, i) => {
            const name = image.name || image.src.split('/').pop() || t('Image %d', i + 1);
            return (
              <li key={`${image.id ?? ''}${image.src}`} class="cat-image">
                <img src={image.src} alt={image.alt || name} width={72} height={72} loading="lazy" />
                <div class="cat-image-text">
                  <span class="cat-small">{!props.single && i === 0 ? t('Main image') : name}</span>
                  <div class="cat-row-actions">
                    {!props.single && i > 0 ? (
                      <RowButton label={t('Make main image')} name={name} onClick={() => props.onChange([image, ...images.filter((_, j) => j !== i)])} />
                    ) : null}
                    <RowButton label={t('Remove')} name={name} danger onClick={() => props.onChange(images.filter((_, j) => j !== i))} />
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="field-hint">{t('No image yet.')}</p>
      )}
      {full ? null : (
        <>
          <div class="field">
            <label for={`${id}-upload`}>{t('Upload an image')}</label>
            <input
              id={`${id}-upload`}
              type="file"
              accept="image/*"
              disabled={upload.busy}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) void uploadFile(file);
              }}
            />
          </div>
          <AddField id={`${id}-url`} label={t('Or its web address')} button={t('Add image')} type="url" placeholder="https://…" onAdd={(src) => add({ src })} />
        </>
      )}
      {upload.busy ? <p class="loading" role="status">{t('Uploading…')}</p> : null}
      <ErrorNotice error={upload.error} />
    </fieldset>
  );
}
