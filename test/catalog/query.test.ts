import { describe, expect, it } from 'vitest';
import { runProductQuery, type ProductQuery } from '../../src/catalog/query.ts';
import type { Term } from '../../src/catalog/types.ts';
import { catalog, NOW, simple, variable } from '../cart/builders.ts';

/**
 * The product list query over a snapshot, directly: the brand filter (hierarchical, as categories are)
 * and password-protected products, which no list shows.
 */

const brand = (id: number, name: string, parent = 0): Term => ({
  id, taxonomy: 'product_brand', name, slug: name.toLowerCase(), parent, description: '', menuOrder: 0, display: 'default', imageId: null,
});

const snapshot = catalog(
  [
    simple(1, 1000, { brandIds: [100] }),
    simple(2, 1000, { brandIds: [101] }),
    simple(3, 1000, { brandIds: [100, 102] }),
    simple(4, 1000),
    simple(5, 1000, { brandIds: [100], password: 'sesame' }),
    variable(6, { Colour: ['red'] }, [{ id: 7, price: 1000, attributes: { Colour: 'red' } }], { brandIds: [102], password: 'sesame' }),
  ],
  [brand(100, 'Acme'), brand(101, 'Acme Kids', 100), brand(102, 'Other')],
);

function query(over: Partial<ProductQuery>): ProductQuery {
  return {
    search: '', slugs: [], after: null, before: null, modifiedAfter: null, modifiedBefore: null, type: null, skus: [], globalUniqueIds: [],
    hideFree: false, featured: null, categories: null, tags: null, brands: null, attributes: [], attributeRelation: 'and', stockStatus: [],
    onSale: null, minPrice: null, maxPrice: null, visibility: 'any', rating: [], include: [], exclude: [], parent: [], parentExclude: [],
    includeVariations: true, orderBy: 'id', order: 'asc', offset: 0, limit: 100, hideOutOfStock: false, now: NOW, ...over,
  };
}

const ids = (over: Partial<ProductQuery>) => runProductQuery(snapshot, query(over)).products.map((p) => p.id);

describe('runProductQuery', () => {
  it('never lists a password-protected product or a variation of one', () => {
    expect(ids({})).toEqual([1, 2, 3, 4]);
    expect(ids({ include: [5, 6, 7] })).toEqual([]);
    expect(runProductQuery(snapshot, query({})).total).toBe(4);
  });

  it('filters by brand, a brand taking in the brands under it', () => {
    expect(ids({ brands: { ids: [100], operator: 'in' } })).toEqual([1, 2, 3]);
    expect(ids({ brands: { ids: [101], operator: 'in' } })).toEqual([2]);
    expect(ids({ brands: { ids: [100], operator: 'not in' } })).toEqual([4]);
    expect(ids({ brands: { ids: [100, 102], operator: 'and' } })).toEqual([3]);
  });
});

describe('CatalogSnapshot', () => {
  it('knows a product protected by its own password or, for a variation, its parent’s', () => {
    expect([1, 5, 6, 7].map((id) => snapshot.isProtected(snapshot.products.get(id)!))).toEqual([false, true, true, true]);
  });

  it('gives a brand with every brand under it', () => {
    expect([...snapshot.withDescendants(100)].sort()).toEqual([100, 101]);
    expect([...snapshot.withDescendants(999)]).toEqual([999]);
  });

  it('counts each brand’s products, protected ones as WordPress does', () => {
    expect([100, 101, 102].map((id) => snapshot.termCount(id))).toEqual([3, 1, 2]);
  });
});
