import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { deniedKind } from '../../api/auth.ts';
import { paginate } from '../../api/pagination.ts';
import { apiRoot, origin, storeUrl } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { isManager } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';
import type { Media } from '../../catalog/types.ts';
import { invalidAttachmentId, type AttachmentFields, type IncomingFile, type UploadDetails } from '../../media/service.ts';
import type { Runtime } from '../../runtime.ts';
import { compareKeys, pageOf } from '../wc-v3/listing.ts';
import { pathId } from '../wc-v3/context.ts';
import { mediaJson, type MediaContext, type MediaJsonContext } from './media-json.ts';

/**
 * WordPress's media library API (`/wp-json/wp/v2/media`, WP_REST_Attachments_Controller) for images:
 * upload one (a form's `file` field, or the image itself as the body with `Content-Disposition:
 * attachment; filename=…`), list and read them, change their texts, delete them with `force=true`.
 * Reading is open to anyone, as WordPress's attachments are; changing is for administrators and shop
 * managers (WordPress's `upload_files`).
 */

const TAGS = ['Media'];

const Text = Type.Union([Type.String(), Type.Object({ raw: Type.Optional(Type.String()) })]);
const Fields = {
  title: Type.Optional(Text),
  alt_text: Type.Optional(Type.String()),
  caption: Type.Optional(Text),
  description: Type.Optional(Text),
  slug: Type.Optional(Type.String()),
  /** The post the image is attached to: images here belong to no post, so it is read and left. */
  post: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Optional(Type.String()),
};
const WriteArgs = Type.Object(Fields);
const ViewArgs = Type.Object({ context: Type.Optional(Type.Union([Type.Literal('view'), Type.Literal('edit'), Type.Literal('embed')])) });
const ListArgs = Type.Object({
  ...ViewArgs.properties,
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  search: Type.Optional(Type.String()),
  order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
  orderby: Type.Union(['date', 'id', 'include', 'modified', 'slug', 'title'].map((o) => Type.Literal(o)), { default: 'date' }),
  include: Type.Optional(Type.Array(Type.Integer())),
  exclude: Type.Optional(Type.Array(Type.Integer())),
  media_type: Type.Optional(Type.Array(Type.String())),
  mime_type: Type.Optional(Type.Array(Type.String())),
});
const DeleteArgs = Type.Object({ force: Type.Boolean({ default: false }) });

function refuseUnlessManager(req: FastifyRequest, code: string, msgid: string): void {
  if (!isManager(req.user)) throw new CocartError(code, deniedKind(req), msgid);
}

function jsonContext(runtime: Runtime, req: FastifyRequest): MediaJsonContext {
  return { origin: origin(req, runtime), apiRoot: apiRoot(req, runtime), home: storeUrl(req, runtime), timeZone: runtime.settings.get().store.timezone_string };
}

/** `edit` shows what only editors see: WordPress refuses it to anyone else. */
function contextOf(req: FastifyRequest, asked: MediaContext | undefined): MediaContext {
  const context = asked ?? 'view';
  if (context === 'edit') refuseUnlessManager(req, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.');
  return context;
}

const raw = (text: Static<typeof Text> | undefined) => (typeof text === 'string' ? text : text?.raw);

function attachmentFields(args: Static<typeof WriteArgs>): AttachmentFields {
  return { title: raw(args.title), alt: args.alt_text, caption: raw(args.caption), description: raw(args.description), slug: args.slug };
}

/** The `filename` of a `Content-Disposition` header, as WordPress's `get_filename_from_disposition` reads it. */
export function filenameFromDisposition(header: string): string | null {
  const params = header.split(';').slice(1);
  let filename: string | null = null;
  for (const part of params) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'filename') continue;
    const value = part.slice(eq + 1).trim();
    filename = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return filename || null;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function listed(all: Iterable<Media>, args: Static<typeof ListArgs>): Media[] {
  const search = args.search?.trim().toLowerCase();
  const mimeTypes = args.mime_type?.length ? new Set(args.mime_type) : null;
  const list = [...all].filter(
    (m) =>
      (!args.include?.length || args.include.includes(m.id)) &&
      !args.exclude?.includes(m.id) &&
      (!args.media_type?.length || args.media_type.includes('image')) &&
      (!mimeTypes || mimeTypes.has(m.upload?.mimeType ?? '')) &&
      (!search || [m.name, m.caption, m.description, m.upload?.file ?? m.src].some((t) => t.toLowerCase().includes(search))),
  );
  const key = (m: Media): string | number =>
    args.orderby === 'id' ? m.id
    : args.orderby === 'include' ? (args.include?.indexOf(m.id) ?? 0)
    : args.orderby === 'modified' ? m.modifiedAt
    : args.orderby === 'slug' ? m.slug
    : args.orderby === 'title' ? m.name.toLowerCase()
    : m.createdAt;
  const dir = args.order === 'asc' ? 1 : -1;
  return list.sort((a, b) => dir * (compareKeys(key(a), key(b)) || a.id - b.id));
}

export async function registerMediaRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  const media = runtime.media;
  const one = (req: FastifyRequest): Media => {
    const found = runtime.catalog.current().media.get(pathId(req));
    if (!found) throw invalidAttachmentId();
    return found;
  };

  defineRoute(app, {
    method: 'GET',
    url: '/wp/v2/media',
    summary: 'List images',
    tags: TAGS,
    args: ListArgs,
    handler: async (req, reply, args) => {
      const context = contextOf(req, args.context);
      const list = listed(runtime.catalog.current().media.values(), args);
      paginate(req, reply, origin(req, runtime), list.length, args.page, args.per_page, 'rest_post_invalid_page_number');
      const c = jsonContext(runtime, req);
      return pageOf(list, args).map((m) => mediaJson(m, c, context));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/wp/v2/media/:id(^\\d+$)',
    summary: 'Read an image',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req, _reply, args) => mediaJson(one(req), jsonContext(runtime, req), contextOf(req, args.context)),
  });
  defineRoute(app, {
    method: ['POST', 'PUT', 'PATCH'],
    url: '/wp/v2/media/:id(^\\d+$)',
    summary: "Change an image's title, alt text, caption, description or slug",
    tags: TAGS,
    args: WriteArgs,
    handler: async (req, _reply, args) => {
      refuseUnlessManager(req, 'rest_cannot_edit', 'Sorry, you are not allowed to edit this post.');
      const updated = await media.update(pathId(req), attachmentFields(args));
      return mediaJson(updated, jsonContext(runtime, req), 'edit');
    },
  });
  defineRoute(app, {
    method: 'DELETE',
    url: '/wp/v2/media/:id(^\\d+$)',
    summary: 'Delete an image and its files (force=true: there is no trash)',
    tags: TAGS,
    args: DeleteArgs,
    handler: async (req, _reply, args) => {
      refuseUnlessManager(req, 'rest_cannot_delete', 'Sorry, you are not allowed to delete this post.');
      const c = jsonContext(runtime, req);
      if (!args.force) {
        one(req);
        throw new CocartError('rest_trash_not_supported', 'not_implemented', "The post does not support trashing. Set '%s' to delete.", ['force=true']);
      }
      const previous = await media.delete(pathId(req));
      return { deleted: true, previous: mediaJson(previous, c, 'edit') };
    },
  });

  // The upload reads its own body: a multipart form, or the image itself, streamed to disk as it comes.
  await app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    await upload.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: media.limits.maxBytes + 1, fields: 20, fieldSize: 64 * 1024, parts: 40 } });
    upload.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    const validateFields = compileArgs(WriteArgs);

    defineRoute(upload, {
      method: 'POST',
      url: '/wp/v2/media',
      summary: 'Upload an image (multipart `file`, or the image as the body with Content-Disposition)',
      tags: TAGS,
      args: WriteArgs,
      handler: async (req, reply, args) => {
        refuseUnlessManager(req, 'rest_cannot_create', 'Sorry, you are not allowed to upload media on this site.');
        let incoming: IncomingFile | null = null;
        try {
          let details: UploadDetails;
          if (req.isMultipart()) {
            let filename = '';
            const form: Record<string, string> = {};
            for await (const part of req.parts()) {
              if (part.type === 'field') form[part.fieldname] = String(part.value);
              else if (part.fieldname === 'file' && !incoming) {
                filename = part.filename;
                incoming = await media.receive(part.file);
              } else part.file.resume();
            }
            if (!incoming) throw new CocartError('rest_upload_no_data', 'invalid', 'No data supplied.');
            const fields = validateFields({ query: req.query, form }) as Static<typeof WriteArgs>;
            details = { ...attachmentFields(fields), filename, route: 'form', md5: header(req, 'content-md5') };
          } else {
            // A body sent in chunks declares no length: the limit is then kept while it streams.
            const declared = Number(header(req, 'content-length') ?? NaN);
            if (declared === 0) throw new CocartError('rest_upload_no_data', 'invalid', 'No data supplied.');
            if (!header(req, 'content-type')) throw new CocartError('rest_upload_no_content_type', 'invalid', 'No Content-Type supplied.');
            const disposition = header(req, 'content-disposition');
            if (!disposition) throw new CocartError('rest_upload_no_content_disposition', 'invalid', 'No Content-Disposition supplied.');
            const filename = filenameFromDisposition(disposition);
            if (!filename) {
              throw new CocartError(
                'rest_upload_invalid_disposition',
                'invalid',
                'Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `attachment; filename="image.png"` or similar.',
              );
            }
            if (declared > media.limits.maxBytes) {
              throw new CocartError('rest_upload_file_too_big', 'invalid', 'This file is too big. Files must be less than %s KB in size.', [Math.floor(media.limits.maxBytes / 1024)]);
            }
            incoming = await media.receive(req.raw);
            details = { ...attachmentFields(args), filename, route: 'body', md5: header(req, 'content-md5') };
          }
          const created = await media.create(incoming, details);
          incoming = null;
          const body = mediaJson(created, jsonContext(runtime, req), 'edit');
          return reply
            .status(201)
            .header('location', `${apiRoot(req, runtime)}/wp/v2/media/${created.id}`)
            .header('x-wp-upload-attachment-id', String(created.id))
            .send(body);
        } finally {
          await media.discard(incoming);
        }
      },
    });
  });
}
