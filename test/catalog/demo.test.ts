import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import pg from 'pg';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DEMO_IDS, seedDemoCatalog } from '../../src/catalog/demo.ts';
import { completeProduct } from '../../src/catalog/product.ts';
import { countProducts, loadCatalogRows, saveProduct } from '../../src/catalog/repository.ts';
import { BACKORDERS, CATALOG_VISIBILITIES, PRODUCT_TYPES, STOCK_STATUSES, type Product } from '../../src/catalog/types.ts';

const NOW = 1_750_000_000;

function activeSale(p: Product, now: number): boolean {
  return p.salePrice !== null && (p.saleFrom === null || p.saleFrom <= now) && (p.saleTo === null || p.saleTo >= now);
}

/** Seeds an empty, migrated database and checks everything the demo catalogue promises. */
async function seedAndCheck(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const result = await seedDemoCatalog(db, NOW);
  const rows = await loadCatalogRows(db);
  const { products } = rows;
  const byId = new Map(products.map((p) => [p.id, p]));
  const parents = products.filter((p) => p.type !== 'variation');
  const variations = products.filter((p) => p.type === 'variation');

  // Size.
  expect(parents.length).toBeGreaterThanOrEqual(25);
  expect(parents.length).toBeLessThanOrEqual(40);
  expect(result.products).toBe(parents.length);
  expect(Math.min(...parents.map((p) => p.id))).toBe(10);

  // Every state occurs.
  const has = <K extends keyof Product>(key: K, value: Product[K]) => products.some((p) => p[key] === value);
  for (const t of PRODUCT_TYPES) expect(has('type', t), `type ${t}`).toBe(true);
  for (const s of STOCK_STATUSES) expect(has('stockStatus', s), `stock status ${s}`).toBe(true);
  for (const v of CATALOG_VISIBILITIES) expect(has('catalogVisibility', v), `visibility ${v}`).toBe(true);
  for (const b of BACKORDERS) expect(has('backorders', b), `backorders ${b}`).toBe(true);
  for (const c of ['', 'reduced-rate', 'zero-rate']) expect(has('taxClass', c), `tax class '${c}'`).toBe(true);
  for (const c of ['bulky', 'small-parcel']) expect(has('shippingClass', c), `shipping class ${c}`).toBe(true);
  expect(has('taxStatus', 'none')).toBe(true);
  expect(has('status', 'draft')).toBe(true);
  expect(has('soldIndividually', true)).toBe(true);
  expect(has('minPurchase', 2)).toBe(true);
  expect(has('maxPurchase', 5)).toBe(true);
  expect(has('virtual', true)).toBe(true);
  expect(has('downloadable', true)).toBe(true);
  expect(parents.filter((p) => p.featured).length).toBeGreaterThanOrEqual(2);
  expect(new Set(parents.map((p) => p.menuOrder)).size).toBeGreaterThan(5);
  expect(products.some((p) => p.stockStatus === 'onbackorder' && p.backorders === 'yes' && p.stockQuantity === 0)).toBe(true);
  expect(products.some((p) => p.stockStatus === 'onbackorder' && p.backorders === 'notify' && p.manageStock)).toBe(true);
  expect(products.some((p) => p.manageStock && p.lowStockAmount !== null && (p.stockQuantity ?? 0) > 0 && (p.stockQuantity ?? 0) <= p.lowStockAmount)).toBe(true);
  expect(products.some((p) => !p.manageStock && p.type === 'simple')).toBe(true);
  expect(products.some((p) => p.weight !== null && p.length !== null && p.width !== null && p.height !== null)).toBe(true);
  expect(products.some((p) => p.attributes.some((a) => a.id === 0))).toBe(true);
  const metaKeys = products.flatMap((p) => p.metaData.map((m) => m.key));
  expect(metaKeys).toContain('_warranty');
  expect(metaKeys.some((k) => k.startsWith('_') && k !== '_warranty')).toBe(true);
  expect(metaKeys.some((k) => !k.startsWith('_'))).toBe(true);

  // Sales: active now (with an end date), ended, scheduled; and products with no sale.
  expect(products.some((p) => activeSale(p, NOW) && p.saleTo !== null && p.saleTo > NOW)).toBe(true);
  expect(products.some((p) => p.salePrice !== null && p.saleTo !== null && p.saleTo < NOW)).toBe(true);
  expect(products.some((p) => p.salePrice !== null && p.saleFrom !== null && p.saleFrom > NOW)).toBe(true);
  expect(products.some((p) => p.salePrice === null && p.regularPrice !== null)).toBe(true);
  for (const p of products) if (p.salePrice !== null) expect(p.salePrice, `sale price of ${p.id}`).toBeLessThan(p.regularPrice!);

  // Times come from `now`.
  for (const p of products) {
    expect(p.modifiedAt).toBe(NOW);
    expect(p.createdAt).toBeLessThanOrEqual(NOW);
  }

  // Variations: parent is a variable product, ids after it, attributes are the parent's with '' for "any".
  const variables = parents.filter((p) => p.type === 'variable');
  expect(variables.length).toBeGreaterThanOrEqual(2);
  for (const v of variations) {
    const parent = byId.get(v.parentId);
    expect(parent?.type, `parent of variation ${v.id}`).toBe('variable');
    expect(v.id).toBeGreaterThan(v.parentId);
    expect(v.regularPrice).not.toBeNull();
    const declared = parent!.attributes.filter((a) => a.variation);
    expect(Object.keys(v.variationAttributes).sort()).toEqual(declared.map((a) => `attribute_${a.taxonomy}`).sort());
    for (const a of declared) {
      const value = v.variationAttributes[`attribute_${a.taxonomy}`];
      if (value !== '') expect(a.options.map((o) => o.slug)).toContain(value);
    }
  }
  for (const p of parents) if (p.type !== 'variable') expect(variations.some((v) => v.parentId === p.id)).toBe(false);
  expect(variations.some((v) => Object.values(v.variationAttributes).includes(''))).toBe(true);
  expect(variations.some((v) => v.stockStatus === 'outofstock')).toBe(true);
  expect(variations.some((v) => activeSale(v, NOW))).toBe(true);
  expect(new Set(variations.map((v) => v.regularPrice)).size).toBeGreaterThan(1);
  expect(variables.some((p) => Object.keys(p.defaultAttributes).length > 0)).toBe(true);
  // A variable product with two global attributes and every combination as a variation.
  const full = variables.find((p) => {
    const globals = p.attributes.filter((a) => a.id > 0 && a.variation);
    if (globals.length < 2) return false;
    const combos = globals.reduce((n, a) => n * a.options.length, 1);
    const own = variations.filter((v) => v.parentId === p.id && !Object.values(v.variationAttributes).includes(''));
    return new Set(own.map((v) => JSON.stringify(v.variationAttributes))).size === combos;
  });
  expect(full?.id).toBe(DEMO_IDS.jacket);
  for (const p of variables) {
    for (const [key, value] of Object.entries(p.defaultAttributes)) {
      const attr = p.attributes.find((a) => `attribute_${a.taxonomy}` === key);
      expect(attr?.options.map((o) => o.slug)).toContain(value);
    }
  }

  // Global attributes: each has its terms, and products only use existing global terms.
  const termSlugs = new Set(rows.terms.map((t) => `${t.taxonomy}/${t.slug}`));
  for (const a of rows.attributes) expect(rows.terms.some((t) => t.taxonomy === `pa_${a.slug}`), `terms of pa_${a.slug}`).toBe(true);
  for (const p of parents) {
    for (const a of p.attributes) {
      if (a.id === 0) continue;
      const attr = rows.attributes.find((x) => x.id === a.id);
      expect(attr && `pa_${attr.slug}`).toBe(a.taxonomy);
      for (const o of a.options) expect(termSlugs.has(`${a.taxonomy}/${o.slug}`), `${a.taxonomy}/${o.slug}`).toBe(true);
    }
  }

  // SKUs: on everything sellable, unique. Slugs unique.
  for (const p of products) if (p.type !== 'grouped') expect(p.sku, `sku of ${p.id}`).not.toBe('');
  const skus = products.map((p) => p.sku).filter((s) => s !== '');
  expect(new Set(skus).size).toBe(skus.length);
  expect(new Set(products.map((p) => p.slug)).size).toBe(products.length);
  for (const p of products) expect(p.slug).toMatch(/^[a-z0-9-]+$/);

  // References point at existing rows.
  const categories = new Set(rows.terms.filter((t) => t.taxonomy === 'product_cat').map((t) => t.id));
  const tags = new Set(rows.terms.filter((t) => t.taxonomy === 'product_tag').map((t) => t.id));
  const media = new Set(rows.media.map((m) => m.id));
  for (const p of products) {
    for (const id of p.groupedIds) expect(byId.get(id)?.type, `grouped ${id} of ${p.id}`).toBe('simple');
    for (const id of [...p.upsellIds, ...p.crossSellIds]) {
      expect(byId.has(id), `linked ${id} of ${p.id}`).toBe(true);
      expect(id).not.toBe(p.id);
    }
    for (const id of p.categoryIds) expect(categories.has(id), `category ${id} of ${p.id}`).toBe(true);
    for (const id of p.tagIds) expect(tags.has(id), `tag ${id} of ${p.id}`).toBe(true);
    for (const id of p.imageIds) expect(media.has(id), `image ${id} of ${p.id}`).toBe(true);
  }
  for (const p of parents) {
    expect(p.categoryIds.length, `categories of ${p.id}`).toBeGreaterThan(0);
    expect(p.imageIds.length, `images of ${p.id}`).toBeGreaterThan(0);
  }
  expect(products.some((p) => p.groupedIds.length > 0)).toBe(true);
  expect(products.some((p) => p.upsellIds.length > 0)).toBe(true);
  expect(products.some((p) => p.crossSellIds.length > 0)).toBe(true);
  const external = products.find((p) => p.type === 'external')!;
  expect(external.externalUrl).toMatch(/^https:\/\//);
  expect(external.buttonText).not.toBe('');
  // Every picture ships with Cartwright: none is fetched from elsewhere.
  for (const m of rows.media) expect(m.src).toMatch(/^\/wp-content\/uploads\/cartwright-demo\/[a-z-]+\.webp$/);

  // Category hierarchy: parents exist, at least two levels, no cycles.
  const cats = rows.terms.filter((t) => t.taxonomy === 'product_cat');
  expect(cats.length).toBeGreaterThanOrEqual(6);
  expect(cats.filter((t) => t.parent !== 0).length).toBeGreaterThanOrEqual(3);
  for (const c of cats) {
    let depth = 0;
    for (let t = c; t.parent !== 0; t = cats.find((x) => x.id === t.parent)!) {
      expect(categories.has(t.parent)).toBe(true);
      expect(++depth).toBeLessThan(10);
    }
  }
  expect(rows.terms.filter((t) => t.taxonomy === 'product_tag').length).toBeGreaterThanOrEqual(6);

  // Reviews give products average ratings between 1 and 5.
  expect(rows.ratings.size).toBeGreaterThanOrEqual(3);
  for (const [productId, r] of rows.ratings) {
    expect(byId.get(productId)?.parentId).toBe(0);
    expect(r.ratingCount).toBeGreaterThan(0);
    const average = r.ratingSum / r.ratingCount;
    expect(average).toBeGreaterThanOrEqual(1);
    expect(average).toBeLessThanOrEqual(5);
  }

  // The notable ids say what they promise.
  expect(byId.get(DEMO_IDS.jacketRedXl)?.stockStatus).toBe('outofstock');
  expect(byId.get(DEMO_IDS.compass)?.stockStatus).toBe('outofstock');
  expect(byId.get(DEMO_IDS.dinghy)?.soldIndividually).toBe(true);
  expect(byId.get(DEMO_IDS.fender)?.minPurchase).toBe(2);
  expect(byId.get(DEMO_IDS.gasCartridges)?.maxPurchase).toBe(5);
  expect(byId.get(DEMO_IDS.cockpitTable)?.backorders).toBe('notify');
  expect(byId.get(DEMO_IDS.sprayhood)?.backorders).toBe('yes');
  expect(byId.get(DEMO_IDS.safetyBundle)?.type).toBe('grouped');
  expect(byId.get(DEMO_IDS.chartplotter)?.type).toBe('external');
  expect(byId.get(DEMO_IDS.paddle)?.status).toBe('draft');
  expect(activeSale(byId.get(DEMO_IDS.firstAidKit)!, NOW)).toBe(true);
  expect(activeSale(byId.get(DEMO_IDS.jacketYellowM)!, NOW)).toBe(true);
  expect(byId.get(DEMO_IDS.mooringLine10mAnyColour)?.variationAttributes.attribute_pa_colour).toBe('');

  // Seeding again is a no-op.
  const before = await countProducts(db);
  expect(await seedDemoCatalog(db, NOW + 100)).toEqual({ products: 0 });
  expect(await countProducts(db)).toBe(before);
  expect((await loadCatalogRows(db)).products).toEqual(products);

  // Sequences moved past the fixed ids: a product without an id gets a fresh one.
  const maxId = Math.max(...products.map((p) => p.id));
  const newId = await saveProduct(db, completeProduct({ name: 'Added later', slug: 'added-later' }, NOW));
  expect(newId).toBeGreaterThan(maxId);
}

describe('seedDemoCatalog on SQLite', () => {
  it('loads a catalogue covering every product state, once', async () => {
    const handle = connect({ databaseUrl: null, dataDir: '/tmp', sqliteFile: ':memory:' });
    try {
      await migrateToLatest(handle);
      await seedAndCheck(handle);
    } finally {
      await handle.close();
    }
  });

  it('defaults `now` to the current time', async () => {
    const handle = connect({ databaseUrl: null, dataDir: '/tmp', sqliteFile: ':memory:' });
    try {
      await migrateToLatest(handle);
      const before = Math.floor(Date.now() / 1000);
      await seedDemoCatalog(handle.db);
      const after = Math.floor(Date.now() / 1000);
      const { products } = await loadCatalogRows(handle.db);
      for (const p of products) {
        expect(p.modifiedAt).toBeGreaterThanOrEqual(before);
        expect(p.modifiedAt).toBeLessThanOrEqual(after);
      }
    } finally {
      await handle.close();
    }
  });
});

const DATABASE_URL = process.env.DATABASE_URL;

describe.skipIf(!DATABASE_URL)('seedDemoCatalog on PostgreSQL', () => {
  it('loads a catalogue covering every product state, once', async () => {
    const name = `cw_demo_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
      const url = new URL(DATABASE_URL!);
      url.pathname = `/${name}`;
      const handle = connect({ databaseUrl: url.toString(), dataDir: '/tmp' });
      try {
        expect(handle.dialect).toBe('postgres');
        await migrateToLatest(handle);
        await seedAndCheck(handle);
      } finally {
        await handle.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
