import { describe, expect, it } from 'vitest';
import { AttributeService } from '../../../src/catalog/admin/attributes.ts';
import { ProductService } from '../../../src/catalog/admin/products.ts';
import { TermService } from '../../../src/catalog/admin/terms.ts';
import { findProduct } from '../../../src/catalog/repository.ts';
import { DATABASES } from '../../helpers/app.ts';
import { testRuntime, refusal, storeInput } from './helpers.ts';

/** The catalogue's administration services on the demo store, without HTTP. */
describe.each(DATABASES)('catalogue services (%s)', (kind) => {
  const store = testRuntime(kind);

  const snapshot = () => store().catalog.current();
  const input = () => storeInput(store());

  describe('products and variations', () => {
    const products = () => new ProductService(store());

    it('answers a new product from the reloaded catalogue, with what it refers to created in the same write', async () => {
      const created = await products().create(input(), { name: 'Deck Brush', regular_price: '7.50', tags: [{ name: 'Cleaning kit' }] });
      expect(created).toMatchObject({ name: 'Deck Brush', slug: 'deck-brush', regularPrice: 750, status: 'publish' });
      expect(snapshot().products.get(created.id)).toBe(created);
      const tag = snapshot().taxonomy('product_tag').find((t) => t.name === 'Cleaning kit');
      expect(created.tagIds).toEqual([tag!.id]);
    });

    it('stores nothing of a refused write, not even the attribute terms it had already added', async () => {
      const colour = snapshot().attributeBySlug.get('colour')!;
      const termsBefore = snapshot().taxonomy('pa_colour').length;
      const refused = products().create(input(), { name: 'Half Written', attributes: [{ id: colour.id, options: ['Ultraviolet'] }], regular_price: 'cheap' });
      expect(await refusal(refused)).toEqual({ code: 'rest_invalid_param', kind: 'invalid', params: ['regular_price'] });
      expect(snapshot().taxonomy('pa_colour')).toHaveLength(termsBefore);
      const stored = await store().database.db.selectFrom('terms').select('id').where('taxonomy', '=', 'pa_colour').where('slug', '=', 'ultraviolet').execute();
      expect(stored).toEqual([]);
    });

    it('moves a product to the trash without force (its variations stay with it), and deletes for good with force, a variable product taking its variations with it', async () => {
      const variable = [...snapshot().products.values()].filter((p) => p.type === 'variable').at(-1)!;
      const variations = [...snapshot().products.values()].filter((p) => p.parentId === variable.id && p.type === 'variation');
      expect(variations.length).toBeGreaterThan(0);
      expect(await products().delete(input(), variable.id, false)).toMatchObject({ id: variable.id, status: 'trash' });
      expect(snapshot().published.some((p) => p.id === variable.id)).toBe(false);
      expect(variations.every((v) => snapshot().products.has(v.id))).toBe(true);
      expect(await refusal(products().delete(input(), variable.id, false))).toEqual({ code: 'woocommerce_rest_already_trashed', kind: 'gone' });
      expect(await refusal(products().delete(input(), variations[0].id, true))).toMatchObject({ code: 'woocommerce_rest_invalid_product_id', kind: 'not_found' });

      const deleted = await products().delete(input(), variable.id, true);
      expect(deleted.id).toBe(variable.id);
      for (const p of [variable, ...variations]) {
        expect(snapshot().products.has(p.id)).toBe(false);
        expect(await findProduct(store().database.db, p.id)).toBeNull();
      }
    });

    it('adds variations to variable products only, matching any value until told otherwise', async () => {
      const simple = [...snapshot().products.values()].find((p) => p.type === 'simple')!;
      expect(await refusal(products().createVariation(input(), simple.id, { regular_price: '1' }))).toEqual({
        code: 'woocommerce_rest_product_variation_invalid_parent',
        kind: 'not_found',
      });
      const variable = [...snapshot().products.values()].find((p) => p.type === 'variable')!;
      const variation = await products().createVariation(input(), variable.id, { regular_price: '3.25' });
      expect(variation).toMatchObject({ type: 'variation', parentId: variable.id, regularPrice: 325, taxClass: variable.taxClass });
      const keys = variable.attributes.filter((a) => a.variation).map((a) => `attribute_${a.taxonomy}`);
      expect(Object.keys(variation.variationAttributes)).toEqual(keys);
      expect(Object.values(variation.variationAttributes).every((v) => v === '')).toBe(true);
    });
  });

  describe('terms and attributes', () => {
    const terms = () => new TermService(store());
    const attributes = () => new AttributeService(store());

    it('deleting a category moves its children up to its parent and takes it off its products', async () => {
      const cats = snapshot().taxonomy('product_cat');
      const middle = cats.find((t) => t.parent !== 0 && cats.some((c) => c.parent === t.id))!;
      const children = cats.filter((c) => c.parent === middle.id);
      const users = [...snapshot().products.values()].filter((p) => p.categoryIds.includes(middle.id));
      expect(users.length).toBeGreaterThan(0);

      expect(await refusal(terms().delete(input(), 'product_cat', middle.id, false))).toEqual({ code: 'woocommerce_rest_trash_not_supported', kind: 'not_implemented' });
      expect(await terms().delete(input(), 'product_cat', middle.id, true)).toEqual(middle);
      expect(snapshot().terms.has(middle.id)).toBe(false);
      for (const child of children) expect(snapshot().terms.get(child.id)?.parent).toBe(middle.parent);
      for (const p of users) expect(snapshot().products.get(p.id)?.categoryIds).not.toContain(middle.id);
    });

    it('a term belongs to its taxonomy: another taxonomy does not find it', async () => {
      const tag = snapshot().taxonomy('product_tag')[0];
      expect(await refusal(terms().update(input(), 'product_cat', tag.id, { name: 'x' }))).toEqual({ code: 'woocommerce_rest_term_invalid', kind: 'not_found' });
      expect(await refusal(terms().create(input(), 'product_tag', { name: 'Child', parent: tag.id }))).toEqual({
        code: 'woocommerce_rest_taxonomy_not_hierarchical',
        kind: 'invalid',
      });
    });

    it('renaming a shipping class rewrites the products that name it by slug', async () => {
      const classes = snapshot().taxonomy('product_shipping_class');
      const cls = classes.find((t) => [...snapshot().products.values()].some((p) => p.shippingClass === t.slug))!;
      const users = [...snapshot().products.values()].filter((p) => p.shippingClass === cls.slug).map((p) => p.id);
      const renamed = await terms().update(input(), 'product_shipping_class', cls.id, { slug: 'renamed-class' });
      expect(renamed).toMatchObject({ id: cls.id, slug: 'renamed-class', name: cls.name });
      for (const id of users) expect(snapshot().products.get(id)?.shippingClass).toBe('renamed-class');
    });

    it('renaming an attribute moves its terms and its use on products to the new taxonomy', async () => {
      const size = snapshot().attributeBySlug.get('size')!;
      const sizeTerms = snapshot().taxonomy('pa_size').map((t) => t.id);
      const users = [...snapshot().products.values()].filter((p) => p.attributes.some((a) => a.taxonomy === 'pa_size')).map((p) => p.id);
      expect(users.length).toBeGreaterThan(0);

      expect(await refusal(attributes().update(input(), size.id, { slug: 'order' }))).toEqual({ code: 'woocommerce_rest_cannot_edit', kind: 'invalid' });
      const renamed = await attributes().update(input(), size.id, { name: 'Fit', slug: 'fit' });
      expect(renamed).toMatchObject({ id: size.id, name: 'Fit', slug: 'fit' });
      expect(snapshot().taxonomy('pa_fit').map((t) => t.id)).toEqual(sizeTerms);
      expect(snapshot().taxonomy('pa_size')).toEqual([]);
      for (const id of users) {
        const p = snapshot().products.get(id)!;
        expect(p.attributes.find((a) => a.id === size.id)).toMatchObject({ taxonomy: 'pa_fit', name: 'Fit' });
      }
    });
  });
});
