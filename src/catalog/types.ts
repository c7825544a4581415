/** The catalogue as the rest of the program sees it. Money is integer minor units; times are unix seconds (UTC). */

export type ProductType = 'simple' | 'variable' | 'grouped' | 'external' | 'variation';
export const PRODUCT_TYPES: readonly ProductType[] = ['simple', 'variable', 'grouped', 'external', 'variation'];

/** `trash` is reached by deleting without `force`, and left by giving the product another status. */
export type ProductStatus = 'publish' | 'draft' | 'pending' | 'private' | 'trash';
/** The statuses a product may be given. */
export const PRODUCT_STATUSES: readonly ProductStatus[] = ['publish', 'draft', 'pending', 'private'];

export type CatalogVisibility = 'visible' | 'catalog' | 'search' | 'hidden';
export const CATALOG_VISIBILITIES: readonly CatalogVisibility[] = ['visible', 'catalog', 'search', 'hidden'];

export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';
export const STOCK_STATUSES: readonly StockStatus[] = ['instock', 'outofstock', 'onbackorder'];

export type Backorders = 'no' | 'notify' | 'yes';
export const BACKORDERS: readonly Backorders[] = ['no', 'notify', 'yes'];

export type TaxStatus = 'taxable' | 'shipping' | 'none';
export const TAX_STATUSES: readonly TaxStatus[] = ['taxable', 'shipping', 'none'];

/** An attribute as a parent product declares it. */
export interface ProductAttribute {
  /** Global attribute id, or 0 for a custom attribute local to the product. */
  id: number;
  /** Display name ("Colour"). */
  name: string;
  /** `pa_colour` for global attributes, the sanitised name for custom ones. */
  taxonomy: string;
  position: number;
  visible: boolean;
  variation: boolean;
  /** Term slug → label, in display order. */
  options: { slug: string; label: string }[];
}

export interface MetaEntry {
  id: number;
  key: string;
  value: unknown;
}

export interface Product {
  id: number;
  parentId: number;
  type: ProductType;
  status: ProductStatus;
  name: string;
  slug: string;
  sku: string;
  globalUniqueId: string;
  description: string;
  shortDescription: string;
  createdAt: number;
  modifiedAt: number;
  featured: boolean;
  catalogVisibility: CatalogVisibility;
  menuOrder: number;
  regularPrice: number | null;
  salePrice: number | null;
  saleFrom: number | null;
  saleTo: number | null;
  taxStatus: TaxStatus;
  taxClass: string;
  manageStock: boolean;
  stockQuantity: number | null;
  stockStatus: StockStatus;
  backorders: Backorders;
  lowStockAmount: number | null;
  soldIndividually: boolean;
  minPurchase: number;
  /** null = unlimited. */
  maxPurchase: number | null;
  weight: number | null;
  length: number | null;
  width: number | null;
  height: number | null;
  shippingClass: string;
  virtual: boolean;
  downloadable: boolean;
  reviewsAllowed: boolean;
  totalSales: number;
  externalUrl: string;
  buttonText: string;
  /** Parents: the attributes they declare. */
  attributes: ProductAttribute[];
  /** Variations: `attribute_<taxonomy>` → term slug, `''` meaning "any". */
  variationAttributes: Record<string, string>;
  /** Variable products: `attribute_<taxonomy>` → default term slug. */
  defaultAttributes: Record<string, string>;
  groupedIds: number[];
  upsellIds: number[];
  crossSellIds: number[];
  categoryIds: number[];
  tagIds: number[];
  /** First is the featured image, the rest the gallery. */
  imageIds: number[];
  metaData: MetaEntry[];
}

export interface Media {
  id: number;
  src: string;
  name: string;
  alt: string;
  sizes: Record<string, string>;
}

export interface Attribute {
  id: number;
  name: string;
  /** Without the `pa_` prefix. */
  slug: string;
  type: string;
  orderBy: 'menu_order' | 'name' | 'name_num' | 'id';
  hasArchives: boolean;
}

export interface Term {
  id: number;
  taxonomy: string;
  name: string;
  slug: string;
  parent: number;
  description: string;
  menuOrder: number;
  display: 'default' | 'products' | 'subcategories' | 'both';
  imageId: number | null;
}

export type ReviewStatus = 'approved' | 'hold' | 'spam' | 'trash';

export interface Review {
  id: number;
  productId: number;
  status: ReviewStatus;
  reviewer: string;
  reviewerEmail: string;
  review: string;
  rating: number;
  verified: boolean;
  userId: number | null;
  createdAt: number;
}

/** Input for creating or replacing a product: everything but the id is optional. */
export type ProductInput = Partial<Omit<Product, 'id'>> & { id?: number };
