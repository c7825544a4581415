import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/import/index.ts';
import { completeProduct } from '../../src/catalog/product.ts';
import { loadCatalogRows, saveProduct, type CatalogRows } from '../../src/catalog/repository.ts';
import type { Product } from '../../src/catalog/types.ts';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const GOOD_CSV = join(fixtures, 'woocommerce-products.csv');
const BAD_CSV = join(fixtures, 'woocommerce-products-bad.csv');
const CATALOG_JSON = join(fixtures, 'catalog.json');
const NOW = 1_750_000_000;
const LATER = NOW + 3600;

interface TestDatabase {
  name: string;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

const sqlite: TestDatabase = {
  name: 'SQLite',
  async open() {
    const handle = connect({ databaseUrl: null, dataDir: '/tmp', sqliteFile: ':memory:' });
    await migrateToLatest(handle);
    return handle;
  },
  async dispose() {},
};

/** A fresh database on the server at `url`, dropped afterwards. */
function postgres(url: string): TestDatabase {
  const name = `cw_import_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    async open() {
      await admin(`create database ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      const handle = connect({ databaseUrl: target.toString(), dataDir: '/tmp', poolSize: 4 });
      await migrateToLatest(handle);
      return handle;
    },
    async dispose() {
      await admin(`drop database if exists ${name}`);
    },
  };
}

const databases: TestDatabase[] = [sqlite, ...(process.env.DATABASE_URL ? [postgres(process.env.DATABASE_URL)] : [])];

describe.each(databases)('catalogue import on $name', (database) => {
  let handle: DatabaseHandle;
  let scratch: string;

  beforeAll(async () => {
    handle = await database.open();
    scratch = await mkdtemp(join(tmpdir(), 'cw-import-'));
  });

  afterAll(async () => {
    await handle?.close();
    await database.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const db = handle.db;
    await db.deleteFrom('reviews').execute();
    await db.deleteFrom('products').execute();
    await db.deleteFrom('terms').execute();
    await db.deleteFrom('attributes').execute();
    await db.deleteFrom('media').execute();
  });

  const load = () => loadCatalogRows(handle.db);
  const bySku = (rows: CatalogRows, sku: string): Product => {
    const product = rows.products.find((p) => p.sku === sku);
    if (!product) throw new Error(`no product with SKU ${sku}`);
    return product;
  };
  /** "Clothing > Hoodies" for a category id, following parents. */
  const categoryPath = (rows: CatalogRows, id: number): string => {
    const term = rows.terms.find((t) => t.id === id)!;
    return term.parent ? `${categoryPath(rows, term.parent)} > ${term.name}` : term.name;
  };
  const termNames = (rows: CatalogRows, ids: number[]) => ids.map((id) => rows.terms.find((t) => t.id === id)!.name);
  const imageUrls = (rows: CatalogRows, ids: number[]) => ids.map((id) => rows.media.find((m) => m.id === id)!.src);
  const withoutModified = (products: Product[]) => products.map(({ modifiedAt, ...rest }) => rest);
  const scratchFile = async (name: string, content: string) => {
    const file = join(scratch, name);
    await writeFile(file, content);
    return file;
  };

  it('imports every product of a WooCommerce export with its fields', async () => {
    const result = await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    expect(result).toEqual({ created: 11, updated: 0, errors: [] });
    const rows = await load();
    expect(rows.products.map((p) => p.id)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

    const beanie = bySku(rows, 'woo-beanie');
    expect(beanie).toMatchObject({
      id: 10,
      type: 'simple',
      status: 'publish',
      name: 'Beanie',
      slug: 'beanie',
      globalUniqueId: '4006381333931',
      description: 'Knitted from soft wool.\nHand wash only, "cold".',
      shortDescription: 'A warm, knitted beanie.',
      regularPrice: 1800,
      salePrice: null,
      manageStock: true,
      stockQuantity: 40,
      stockStatus: 'instock',
      lowStockAmount: 5,
      backorders: 'no',
      weight: 0.2,
      length: 4,
      width: 5,
      height: 0.5,
      shippingClass: 'small-items',
      reviewsAllowed: true,
      upsellIds: [11],
      crossSellIds: [17],
      createdAt: NOW,
      modifiedAt: NOW,
    });
    expect(beanie.categoryIds.map((id) => categoryPath(rows, id))).toEqual(['Clothing > Accessories']);
    expect(termNames(rows, beanie.tagIds)).toEqual(['Winter', 'Wool']);
    expect(imageUrls(rows, beanie.imageIds)).toEqual([
      'https://shop.example.com/wp-content/uploads/2024/05/beanie-1.jpg',
      'https://shop.example.com/wp-content/uploads/2024/05/beanie-2.jpg',
    ]);
    expect(beanie.attributes).toEqual([
      {
        id: 0,
        name: 'Material',
        taxonomy: 'material',
        position: 0,
        visible: true,
        variation: false,
        options: [
          { slug: 'wool', label: 'Wool' },
          { slug: 'cotton-recycled', label: 'Cotton, recycled' },
        ],
      },
    ]);
    expect(beanie.metaData).toEqual([{ id: 1, key: '_custom', value: 'beanie-meta' }]);

    const cap = bySku(rows, 'woo-cap');
    expect(cap).toMatchObject({
      featured: true,
      regularPrice: 1800,
      salePrice: 1650,
      saleFrom: Date.UTC(2025, 5, 1) / 1000,
      saleTo: Date.UTC(2025, 5, 30, 23, 59, 59) / 1000,
      taxClass: 'reduced-rate',
      manageStock: true,
      stockQuantity: 0,
      stockStatus: 'onbackorder',
      backorders: 'notify',
      soldIndividually: true,
    });
    expect(cap.categoryIds.map((id) => categoryPath(rows, id)).sort()).toEqual(['Clothing', 'Clothing > Accessories']);

    const color = rows.attributes.find((a) => a.slug === 'color')!;
    const size = rows.attributes.find((a) => a.slug === 'size')!;
    expect(rows.attributes.map((a) => a.slug)).toEqual(['color', 'size']);
    expect(rows.terms.filter((t) => t.taxonomy === 'pa_color').map((t) => t.name).sort()).toEqual(['Blue', 'Green', 'Red', 'Yellow']);

    const hoodie = bySku(rows, 'woo-hoodie');
    expect(hoodie.type).toBe('variable');
    expect(hoodie.categoryIds.map((id) => categoryPath(rows, id))).toEqual(['Clothing > Hoodies']);
    expect(hoodie.attributes.map(({ id, taxonomy, variation, visible, options }) => ({ id, taxonomy, variation, visible, options: options.map((o) => o.slug) }))).toEqual([
      { id: color.id, taxonomy: 'pa_color', variation: true, visible: true, options: ['blue', 'green', 'red'] },
      { id: size.id, taxonomy: 'pa_size', variation: true, visible: true, options: ['small', 'medium', 'large'] },
    ]);
    expect(hoodie.defaultAttributes).toEqual({ attribute_pa_color: 'blue', attribute_pa_size: 'medium' });
    expect(cap.attributes[0]).toMatchObject({ id: color.id, taxonomy: 'pa_color', variation: false, options: [{ slug: 'yellow', label: 'Yellow' }] });

    expect(bySku(rows, 'woo-hoodie-blue-small')).toMatchObject({
      type: 'variation',
      parentId: 12,
      name: 'Hoodie - Blue, Small',
      regularPrice: 4500,
      stockQuantity: 10,
      lowStockAmount: 2,
      variationAttributes: { attribute_pa_color: 'blue', attribute_pa_size: 'small' },
    });
    expect(bySku(rows, 'woo-hoodie-green-medium')).toMatchObject({
      parentId: 12,
      name: 'Hoodie - Green, Medium',
      regularPrice: 4500,
      salePrice: 4000,
      taxClass: '',
      manageStock: false,
      stockStatus: 'outofstock',
      variationAttributes: { attribute_pa_color: 'green', attribute_pa_size: 'medium' },
    });
    expect(bySku(rows, 'woo-hoodie-red')).toMatchObject({
      parentId: 12,
      name: 'Hoodie - Red',
      regularPrice: 4200,
      variationAttributes: { attribute_pa_color: 'red', attribute_pa_size: '' },
    });

    expect(bySku(rows, 'logo-collection')).toMatchObject({ type: 'grouped', groupedIds: [10, 11, 20] });
    expect(bySku(rows, 'wp-pennant')).toMatchObject({
      type: 'external',
      regularPrice: 1105,
      externalUrl: 'https://mercantile.wordpress.org/product/wordpress-pennant/',
      buttonText: 'Buy on the WordPress swag store!',
    });
    expect(bySku(rows, 'woo-album')).toMatchObject({ type: 'simple', virtual: true, downloadable: true, regularPrice: 1500, metaData: [{ key: '_custom', value: 'album-meta' }] });
    expect(bySku(rows, 'gift-wrap')).toMatchObject({ status: 'private', catalogVisibility: 'hidden', taxStatus: 'none', virtual: true, downloadable: false, regularPrice: 350 });
    expect(bySku(rows, 'woo-polo')).toMatchObject({
      status: 'draft',
      catalogVisibility: 'catalog',
      shortDescription: '- Limited run polo.',
      manageStock: true,
      stockQuantity: -2,
      stockStatus: 'onbackorder',
      backorders: 'yes',
      crossSellIds: [10, 11],
      menuOrder: 8,
    });
    expect(rows.terms.filter((t) => t.taxonomy === 'product_cat' && t.name === 'Clothing')).toHaveLength(1);
  });

  it('reports every bad row with its line and reason, and writes nothing', async () => {
    const result = await importCatalog(handle.db, BAD_CSV, { now: NOW });
    expect(result).toEqual({
      created: 0,
      updated: 0,
      errors: [
        { line: 3, reason: 'Regular price "abc" is not a number' },
        // The row on line 3 holds a quoted newline, so the next row starts on line 5.
        { line: 5, reason: 'Type "bogus" is not a product type' },
        { line: 6, reason: 'Parent "id:999" is not in the file or the catalogue' },
        { line: 7, reason: 'Date sale price starts "2024-02-30" is not a date (YYYY-MM-DD, optionally with a time)' },
        { line: 9, reason: 'Stock "lots" is not a whole number' },
        { line: 10, reason: 'Sale price "12.345" has more than 2 decimal places' },
      ],
    });
    const rows = await load();
    expect(rows.products).toEqual([]);
    expect(rows.terms).toEqual([]);
    expect(rows.attributes).toEqual([]);
    expect(rows.media).toEqual([]);
  });

  it('leaves a stored catalogue unchanged when the file has errors', async () => {
    await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    const before = await load();
    const result = await importCatalog(handle.db, BAD_CSV, { now: LATER });
    expect(result.errors).toHaveLength(6);
    expect(await load()).toEqual(before);
  });

  it('updates every product when the same export is imported again, creating nothing', async () => {
    await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    const before = await load();
    const result = await importCatalog(handle.db, GOOD_CSV, { now: LATER });
    expect(result).toEqual({ created: 0, updated: 11, errors: [] });
    const after = await load();
    expect(after.products.map((p) => p.id)).toEqual(before.products.map((p) => p.id));
    expect(after.terms).toEqual(before.terms);
    expect(after.attributes).toEqual(before.attributes);
    expect(after.media).toEqual(before.media);
    expect(withoutModified(after.products)).toEqual(withoutModified(before.products));
    expect(after.products.every((p) => p.modifiedAt === LATER && p.createdAt === NOW)).toBe(true);
  });

  it('changes just the edited product when a modified copy is imported', async () => {
    await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    const before = await load();
    const original = await readFile(GOOD_CSV, 'utf8');
    const edited = original.replace(',18,"Clothing > Accessories",', ',19.50,"Clothing > Accessories",');
    expect(edited).not.toBe(original);
    const result = await importCatalog(handle.db, await scratchFile('edited.csv', edited), { now: LATER });
    expect(result).toEqual({ created: 0, updated: 11, errors: [] });
    const after = await load();
    expect(bySku(after, 'woo-beanie').regularPrice).toBe(1950);
    const expected = before.products.map((p) => (p.sku === 'woo-beanie' ? { ...p, regularPrice: 1950 } : p));
    expect(withoutModified(after.products)).toEqual(withoutModified(expected));
  });

  it('keeps the fields a file does not carry', async () => {
    await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    const before = bySku(await load(), 'woo-hoodie-blue-small');
    const file = await scratchFile('prices.csv', 'SKU,"Regular price","Meta: _note"\nwoo-hoodie-blue-small,47.5,restocked\n');
    expect(await importCatalog(handle.db, file, { now: LATER })).toEqual({ created: 0, updated: 1, errors: [] });
    const after = bySku(await load(), 'woo-hoodie-blue-small');
    expect(after).toEqual({ ...before, regularPrice: 4750, modifiedAt: LATER, metaData: [{ id: 1, key: '_note', value: 'restocked' }] });
  });

  it('adds a variation to a stored variable product by its SKU', async () => {
    await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    const file = await scratchFile(
      'variation.csv',
      'Type,SKU,Parent,"Regular price","Attribute 1 name","Attribute 1 value(s)","Attribute 1 global","Attribute 2 name","Attribute 2 value(s)","Attribute 2 global"\n' +
        'variation,woo-hoodie-blue-large,woo-hoodie,46,Color,Blue,1,Size,Large,1\n',
    );
    expect(await importCatalog(handle.db, file, { now: LATER })).toEqual({ created: 1, updated: 0, errors: [] });
    const added = bySku(await load(), 'woo-hoodie-blue-large');
    expect(added).toMatchObject({
      id: 21,
      parentId: 12,
      name: 'Hoodie - Blue, Large',
      regularPrice: 4600,
      variationAttributes: { attribute_pa_color: 'blue', attribute_pa_size: 'large' },
    });
  });

  it('moves the id sequences past the imported ids', async () => {
    await importCatalog(handle.db, GOOD_CSV, { now: NOW });
    const id = await saveProduct(handle.db, completeProduct({ name: 'Made by hand' }, LATER));
    expect(id).toBeGreaterThan(20);
  });

  it('imports the JSON catalogue format', async () => {
    const result = await importCatalog(handle.db, CATALOG_JSON, { now: NOW });
    expect(result).toEqual({ created: 5, updated: 0, errors: [] });
    const rows = await load();
    const mug = bySku(rows, 'json-mug');
    const hoodie = bySku(rows, 'json-hoodie');
    const blue = bySku(rows, 'json-hoodie-blue');
    const red = bySku(rows, 'json-hoodie-red');
    const color = rows.attributes.find((a) => a.slug === 'color')!;

    expect(mug).toMatchObject({
      type: 'simple',
      name: 'Enamel Mug',
      regularPrice: 1200,
      salePrice: 999,
      saleFrom: 1767225600,
      saleTo: 1769903999,
      manageStock: true,
      stockQuantity: 12,
      weight: 0.3,
      upsellIds: [hoodie.id],
      metaData: [{ id: 1, key: '_origin', value: 'json' }],
    });
    expect(mug.categoryIds.map((id) => categoryPath(rows, id))).toEqual(['Kitchen']);
    expect(rows.terms.find((t) => t.slug === 'kitchen')!.description).toBe('Things for the kitchen.');
    expect(imageUrls(rows, mug.imageIds)).toEqual(['https://cdn.example.com/mug.jpg']);

    expect(hoodie.categoryIds.map((id) => categoryPath(rows, id))).toEqual(['Clothing > Hoodies']);
    expect(termNames(rows, hoodie.tagIds)).toEqual(['Winter']);
    expect(hoodie.attributes).toEqual([
      { id: color.id, name: 'Color', taxonomy: 'pa_color', position: 0, visible: true, variation: true, options: [{ slug: 'blue', label: 'Blue' }, { slug: 'red', label: 'Red' }] },
      { id: 0, name: 'Material', taxonomy: 'material', position: 1, visible: true, variation: false, options: [{ slug: 'cotton', label: 'Cotton' }, { slug: 'wool', label: 'Wool' }] },
    ]);
    expect(hoodie.defaultAttributes).toEqual({ attribute_pa_color: 'blue' });
    expect(blue).toMatchObject({ type: 'variation', parentId: hoodie.id, name: 'Hoodie - Blue', regularPrice: 4500, stockQuantity: 5, variationAttributes: { attribute_pa_color: 'blue' } });
    expect(red).toMatchObject({ type: 'variation', parentId: hoodie.id, name: 'Red Hoodie', regularPrice: 4700, salePrice: 4200, variationAttributes: { attribute_pa_color: 'red' } });
    expect(bySku(rows, 'json-bundle')).toMatchObject({ type: 'grouped', groupedIds: [mug.id, hoodie.id] });

    expect(await importCatalog(handle.db, CATALOG_JSON, { now: LATER })).toEqual({ created: 0, updated: 5, errors: [] });
    expect((await load()).products).toHaveLength(5);
  });

  it('reports JSON errors by JSON pointer and writes nothing', async () => {
    const invalid = await scratchFile(
      'invalid.json',
      JSON.stringify({ format: 'cartwright-catalog', version: 1, products: [{ sku: 'x', name: 'X', regularPrice: '12.00', colour: 'red' }] }),
    );
    expect((await importCatalog(handle.db, invalid)).errors).toEqual([
      { line: '/products/0/colour', reason: '"colour" is not a field of this object' },
      { line: '/products/0/regularPrice', reason: 'Expected a whole number of at least 0 or null, got "12.00"' },
    ]);

    const unresolved = await scratchFile(
      'unresolved.json',
      JSON.stringify({
        format: 'cartwright-catalog',
        version: 1,
        products: [
          { sku: 'y', name: 'Y', categories: ['nope'] },
          { sku: 'z', type: 'variation', parent: 'missing', name: 'Z' },
        ],
      }),
    );
    expect(await importCatalog(handle.db, unresolved)).toEqual({
      created: 0,
      updated: 0,
      errors: [
        { line: '/products/0/categories/0', reason: 'Category "nope" is not in the file or the catalogue' },
        { line: '/products/1/parent', reason: 'Parent "missing" is not in the file or the catalogue' },
      ],
    });
    expect((await load()).products).toEqual([]);
  });

  it('reports progress as rows are written', async () => {
    const calls: [number, number][] = [];
    await importCatalog(handle.db, GOOD_CSV, { now: NOW, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(Array.from({ length: 11 }, (_, i) => [i + 1, 11]));
  });
});
