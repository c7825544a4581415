import { Type, type Static } from '@sinclair/typebox';
import { commitChange } from '../../cluster/change.ts';
import { CocartError } from '../../errors.ts';
import { slugify } from '../product.ts';
import { deleteAttribute, saveAttribute, updateAttribute } from '../repository.ts';
import type { Attribute } from '../types.ts';
import { trashNotSupported, type StoreInput } from './input.ts';
import type { CatalogueStore } from './products.ts';
import { attributeDeleted, attributeRenamed, rewriteProducts } from './term-references.ts';

/** The store's global attributes (`pa_…` taxonomies). Renaming or deleting one rewrites the products that use it. */

export const AttributeBody = Type.Object({
  name: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  // WooCommerce registers one attribute type, "select"; plugins add others.
  type: Type.Optional(Type.Literal('select')),
  order_by: Type.Optional(Type.Union(['menu_order', 'name', 'name_num', 'id'].map((v) => Type.Literal(v)))),
  has_archives: Type.Optional(Type.Boolean()),
});
export type AttributeBody = Static<typeof AttributeBody>;

/** WooCommerce's `wc_check_if_attribute_name_is_reserved`: WordPress query variables. */
const RESERVED = new Set(
  ('attachment attachment_id author author_name calendar cat category category__and category__in category__not_in category_name ' +
    'comments_per_page comments_popup cpage day debug error exact feed hour link_category m minute monthnum more name nav_menu ' +
    'nopaging offset order orderby p page page_id paged pagename pb perm post post__in post__not_in post_format post_mime_type ' +
    'post_status post_tag post_type posts posts_per_archive_page posts_per_page preview robots s search second sentence showposts ' +
    'static subpost subpost_id tag tag__and tag__in tag__not_in tag_id tag_slug__and tag_slug__in taxonomy tb term type w ' +
    'withcomments withoutcomments year').split(' '),
);
const MAX_SLUG = 28;

export function attributeMissing(code: 'woocommerce_rest_attribute_invalid' | 'woocommerce_rest_taxonomy_invalid'): CocartError {
  return new CocartError(code, 'not_found', 'Resource does not exist.');
}

/** WooCommerce's `wc_create_attribute` / `wc_update_attribute` checks; their errors come out as `cannot_create` / `cannot_edit` 400s. */
function applyAttributeBody(input: StoreInput, base: Attribute, b: AttributeBody, code: string): Attribute {
  const a: Attribute = { ...base };
  const fail = (msgid: string, args: unknown[] = []) => new CocartError(code, 'invalid', msgid, args);
  if (b.name !== undefined) a.name = b.name.trim();
  if (!a.name) throw fail('Please, provide an attribute name.');
  if (b.slug !== undefined && b.slug.trim() !== '') a.slug = slugify(b.slug.replace(/^pa_/, ''));
  else if (!a.slug) a.slug = slugify(a.name);
  if (!a.slug) throw fail('Please, provide an attribute name.');
  if (a.slug.length > MAX_SLUG) throw fail('Slug "%s" is too long (28 characters max). Shorten it, please.', [a.slug]);
  if (RESERVED.has(a.slug)) throw fail('Slug "%s" is not allowed because it is a reserved term. Change it, please.', [a.slug]);
  if (input.snapshot.attributes.some((o) => o.slug === a.slug && o.id !== a.id)) throw fail('Slug "%s" is already in use. Change it, please.', [a.slug]);
  if (b.type !== undefined) a.type = b.type;
  if (b.order_by !== undefined) a.orderBy = b.order_by as Attribute['orderBy'];
  if (b.has_archives !== undefined) a.hasArchives = b.has_archives;
  return a;
}

export class AttributeService {
  constructor(private readonly store: CatalogueStore) {}

  async create(input: StoreInput, b: AttributeBody): Promise<Attribute> {
    const blank: Attribute = { id: 0, name: '', slug: '', type: 'select', orderBy: 'menu_order', hasArchives: false };
    const { id: _new, ...attr } = applyAttributeBody(input, blank, b, 'woocommerce_rest_cannot_create');
    return this.stored(await commitChange(this.store.database, this.store.catalog, (trx) => saveAttribute(trx, attr)));
  }

  async update(input: StoreInput, id: number, b: AttributeBody): Promise<Attribute> {
    const before = input.snapshot.attributeById.get(id);
    if (!before) throw attributeMissing('woocommerce_rest_taxonomy_invalid');
    const after = applyAttributeBody(input, before, b, 'woocommerce_rest_cannot_edit');
    await commitChange(this.store.database, this.store.catalog, async (trx) => {
      await updateAttribute(trx, after, before.slug);
      if (after.slug !== before.slug || after.name !== before.name) await rewriteProducts(trx, attributeRenamed(before, after));
    });
    return this.stored(id);
  }

  /** Deletes the attribute, its terms and its use on products; answers it as it was. */
  async delete(input: StoreInput, id: number, force: boolean): Promise<Attribute> {
    const attr = input.snapshot.attributeById.get(id);
    if (!attr) throw attributeMissing('woocommerce_rest_taxonomy_invalid');
    if (!force) throw trashNotSupported('Resource does not support trashing.');
    await commitChange(this.store.database, this.store.catalog, async (trx) => {
      await deleteAttribute(trx, attr);
      await rewriteProducts(trx, attributeDeleted(attr));
    });
    return attr;
  }

  private stored(id: number): Attribute {
    return this.store.catalog.current().attributeById.get(id)!;
  }
}
