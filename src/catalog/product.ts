import type { Product, ProductInput } from './types.ts';

/** A complete product from partial input, with WooCommerce's defaults for everything not given. */
export function completeProduct(input: ProductInput, now: number): Omit<Product, 'id'> & { id?: number } {
  return {
    id: input.id,
    parentId: input.parentId ?? 0,
    type: input.type ?? 'simple',
    status: input.status ?? 'publish',
    name: input.name ?? '',
    slug: input.slug ?? '',
    sku: input.sku ?? '',
    globalUniqueId: input.globalUniqueId ?? '',
    description: input.description ?? '',
    shortDescription: input.shortDescription ?? '',
    createdAt: input.createdAt ?? now,
    modifiedAt: input.modifiedAt ?? now,
    featured: input.featured ?? false,
    catalogVisibility: input.catalogVisibility ?? 'visible',
    menuOrder: input.menuOrder ?? 0,
    regularPrice: input.regularPrice ?? null,
    salePrice: input.salePrice ?? null,
    saleFrom: input.saleFrom ?? null,
    saleTo: input.saleTo ?? null,
    taxStatus: input.taxStatus ?? 'taxable',
    taxClass: input.taxClass ?? '',
    manageStock: input.manageStock ?? false,
    stockQuantity: input.stockQuantity ?? null,
    stockStatus: input.stockStatus ?? 'instock',
    backorders: input.backorders ?? 'no',
    lowStockAmount: input.lowStockAmount ?? null,
    soldIndividually: input.soldIndividually ?? false,
    minPurchase: input.minPurchase ?? 1,
    maxPurchase: input.maxPurchase ?? null,
    weight: input.weight ?? null,
    length: input.length ?? null,
    width: input.width ?? null,
    height: input.height ?? null,
    shippingClass: input.shippingClass ?? '',
    virtual: input.virtual ?? false,
    downloadable: input.downloadable ?? false,
    reviewsAllowed: input.reviewsAllowed ?? true,
    totalSales: input.totalSales ?? 0,
    externalUrl: input.externalUrl ?? '',
    buttonText: input.buttonText ?? '',
    attributes: input.attributes ?? [],
    variationAttributes: input.variationAttributes ?? {},
    defaultAttributes: input.defaultAttributes ?? {},
    groupedIds: input.groupedIds ?? [],
    upsellIds: input.upsellIds ?? [],
    crossSellIds: input.crossSellIds ?? [],
    categoryIds: input.categoryIds ?? [],
    tagIds: input.tagIds ?? [],
    brandIds: input.brandIds ?? [],
    imageIds: input.imageIds ?? [],
    metaData: input.metaData ?? [],
    password: input.password ?? '',
  };
}

/** WordPress's `sanitize_title`: lower case, accents folded, anything else becomes single hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&[a-z]+;/g, '')
    .replace(/[^a-z0-9_\s-]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `attribute_<taxonomy>` as CoCart keys attributes on the wire. */
export function attributeKey(taxonomy: string): string {
  return `attribute_${taxonomy}`;
}
