import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { attributeKey, completeProduct, slugify } from './product.ts';
import {
  countProducts,
  insertReview,
  saveAttribute,
  saveMedia,
  saveProduct,
  saveTerm,
  syncCatalogSequences,
  type MediaInput,
} from './repository.ts';
import type { Attribute, MetaEntry, ProductAttribute, ProductInput, Term, UploadedImage } from './types.ts';
import { DEMO_FOLDER, DEMO_IMAGE_SIDE } from '../media/demo-images.ts';
import { sizeFileName } from '../media/file-names.ts';
import { plannedSizes } from '../media/sizes.ts';
import { UPLOADS_URL_PATH } from '../media/urls.ts';

/**
 * The demo catalogue `npm start` loads into an empty database: "Cartwright Chandlery", a small UK
 * boating and outdoor shop priced in GBP (integer pence). It is built to contain every product state the
 * cart rules care about (types, stock, backorders, sales past/present/future, purchase limits, tax and
 * shipping classes, visibilities, a draft), so each rule can be tried by hand. Ids are fixed so the data is
 * stable across installs: parents from 10, each variable product's variations right after it.
 */

const DAY = 86_400;

/** Notable ids, for hand testing, docs and other tests. */
export const DEMO_IDS = {
  /** Simple, managed stock (150), GTIN, metaData (private `_warranty`, `_supplier_code`, public `material`). */
  snapShackle: 10,
  /** Variable: pa_colour × pa_size, 12 variations, defaults navy/M, custom attribute "Material", featured. */
  jacket: 11,
  jacketVariations: { first: 12, last: 23 },
  /** Jacket variation Red / XL: managed stock 0, out of stock. */
  jacketRedXl: 15,
  /** Jacket variation Navy / M: managed stock 15. */
  jacketNavyM: 17,
  /** Jacket variation Yellow / M: on sale (no dates) £99.00 instead of £129.00. */
  jacketYellowM: 21,
  /** Variable: pa_length × pa_colour, variations 25–28; 25 and 28 have colour "any" (''). */
  mooringLine: 24,
  mooringLine10mAnyColour: 25,
  /** Mooring line 20 m black: managed stock 4, low stock amount 5. */
  mooringLine20mBlack: 27,
  /** On sale now (since 3 days, ends in 10 days). Featured. */
  firstAidKit: 29,
  /** Sale ended 2 days ago. */
  phonePouch: 30,
  /** Sale scheduled: starts in 7 days. Bulky, weight and dimensions. */
  campingChair: 31,
  /** Sold individually, bulky, managed stock 6. */
  dinghy: 32,
  /** Minimum purchase 2. */
  fender: 33,
  /** Maximum purchase 5, tax class reduced-rate. */
  gasCartridges: 34,
  /** Low stock: managed, 3 left, low stock amount 5. Featured. */
  vhfRadio: 35,
  /** Out of stock (managed, 0, backorders no). */
  compass: 36,
  /** On backorder, backorders 'notify', stock -2; custom attribute "Wood". */
  cockpitTable: 37,
  /** Backorders 'yes' with stock 0 (made to order). */
  sprayhood: 38,
  /** Virtual. */
  onlineCourse: 39,
  /** Virtual and downloadable, zero-rate. */
  tideTables: 40,
  /** Virtual, tax status 'none'. */
  giftCard: 41,
  /** Zero-rate book. */
  handbook: 42,
  /** Grouped: 29, 45, 46. */
  safetyBundle: 43,
  /** External (affiliate) product. */
  chartplotter: 44,
  /** Catalogue visibility 'catalog' (shop only). */
  shacklePins: 47,
  /** Catalogue visibility 'search' (search only). */
  zipPuller: 48,
  /** Catalogue visibility 'hidden'. */
  ropeOffcut: 49,
  /** Status 'draft'. */
  paddle: 50,
  /** Variable, pa_colour only, no default attributes; variation 54 (green) on backorder. */
  beanie: 51,
} as const;

interface DemoData {
  media: MediaInput[];
  attributes: Attribute[];
  terms: Term[];
  products: ProductInput[];
  reviews: { productId: number; reviewer: string; rating: number; review: string; verified: boolean; daysAgo: number }[];
}

// ---------------------------------------------------------------------------------------------------------
// Media

/** The demo pictures: id, file name (without extension) and what each shows. */
export const DEMO_MEDIA: readonly [id: number, seed: string, alt: string][] = [
  [1, 'snap-shackle', 'Stainless steel snap shackle'],
  [2, 'jacket-navy', 'Navy offshore waterproof jacket'],
  [3, 'jacket-red', 'Red offshore waterproof jacket'],
  [4, 'jacket-yellow', 'Yellow offshore waterproof jacket'],
  [5, 'jacket-hood', 'Close-up of the jacket hood and collar'],
  [6, 'mooring-line', 'Braided mooring line'],
  [7, 'mooring-line-coil', 'Coiled mooring line on a pontoon'],
  [8, 'first-aid-kit', 'Marine first aid kit in a waterproof case'],
  [9, 'phone-pouch', 'Waterproof phone pouch'],
  [10, 'camping-chair', 'Folding camping chair'],
  [11, 'dinghy', 'Inflatable dinghy on a slipway'],
  [12, 'dinghy-afloat', 'Inflatable dinghy afloat'],
  [13, 'fender', 'Inflatable boat fender'],
  [14, 'gas-cartridges', 'Four butane gas cartridges'],
  [15, 'vhf-radio', 'Handheld VHF radio'],
  [16, 'brass-compass', 'Vintage brass compass'],
  [17, 'cockpit-table', 'Teak cockpit table'],
  [18, 'sprayhood', 'Canvas sprayhood'],
  [19, 'day-skipper', 'Chart and dividers for the Day Skipper course'],
  [20, 'tide-tables', 'Solent tide tables'],
  [21, 'gift-card', 'Cartwright Chandlery gift card'],
  [22, 'handbook', 'The Coastal Cruising Handbook'],
  [23, 'safety-bundle', 'Safety starter bundle'],
  [24, 'chartplotter', 'Seven-inch chartplotter'],
  [25, 'whistle', 'Emergency whistle'],
  [26, 'head-torch', 'Waterproof LED head torch'],
  [27, 'shackle-pins', 'Spare shackle pins'],
  [28, 'zip-puller', 'Replacement zip puller'],
  [29, 'rope-offcut', 'Rope offcut sample'],
  [30, 'carbon-paddle', 'Carbon fibre paddle'],
  [31, 'beanie-navy', 'Navy merino beanie'],
  [32, 'beanie-black', 'Black merino beanie'],
  [33, 'beanie-green', 'Green merino beanie'],
  [34, 'sailing-gloves', 'Neoprene sailing gloves'],
  [35, 'boot-socks', 'Wool boot socks'],
  [36, 'enamel-mug', 'Enamel camping mug'],
  [37, 'stormproof-matches', 'Stormproof matches'],
  [38, 'dry-bag', '20 litre dry bag'],
  [39, 'kids-trousers', "Kids' waterproof trousers"],
  [40, 'solar-panel', 'Folding solar charging panel'],
  [41, 'cat-boating', 'Yachts in a harbour'],
  [42, 'cat-clothing', 'Sailing clothing on a rail'],
  [43, 'cat-camping', 'Tent by a lake at dusk'],
];

/**
 * The demo pictures ship with Cartwright (src/media/demo-images.ts), as uploads laid out the WordPress way:
 * a square original and the sizes WordPress makes of it, all described here without reading a file.
 */
export function demoImage(seed: string): Pick<MediaInput, 'src' | 'upload'> {
  const side = DEMO_IMAGE_SIDE;
  const file = `${seed}.webp`;
  const upload: UploadedImage = {
    file: `${DEMO_FOLDER}/${file}`,
    mimeType: 'image/webp',
    width: side,
    height: side,
    filesize: null,
    sizes: Object.fromEntries(
      plannedSizes(side, side).map((s) => [s.name, { file: sizeFileName(file, s.width, s.height), width: s.width, height: s.height, mimeType: 'image/webp', filesize: null }]),
    ),
  };
  return { src: `${UPLOADS_URL_PATH}/${upload.file}`, upload };
}

function demoMedia(now: number): MediaInput[] {
  return DEMO_MEDIA.map(([id, seed, alt]) => ({ id, ...demoImage(seed), name: seed, alt, slug: seed, createdAt: now }));
}

// ---------------------------------------------------------------------------------------------------------
// Attributes and terms

const ATTR = { colour: 1, size: 2, length: 3 } as const;

const CAT = {
  uncategorised: 1,
  boating: 2,
  ropes: 3,
  safety: 4,
  flares: 5,
  navigation: 6,
  clothing: 7,
  waterproofs: 8,
  footwear: 9,
  accessories: 10,
  camping: 11,
  books: 12,
  gifts: 13,
} as const;

const TAG = { newIn: 20, bestseller: 21, eco: 22, waterproof: 23, giftIdea: 24, clearance: 25, madeInBritain: 26 } as const;
const BRAND = { cartwrightMarine: 80, solentOutdoor: 81 } as const;

/** Global attribute options: slug, label, term id. */
const COLOURS = [
  { slug: 'red', label: 'Red', id: 40 },
  { slug: 'navy', label: 'Navy', id: 41 },
  { slug: 'yellow', label: 'Yellow', id: 42 },
  { slug: 'black', label: 'Black', id: 43 },
  { slug: 'green', label: 'Green', id: 44 },
] as const;
const SIZES = [
  { slug: 's', label: 'S', id: 50 },
  { slug: 'm', label: 'M', id: 51 },
  { slug: 'l', label: 'L', id: 52 },
  { slug: 'xl', label: 'XL', id: 53 },
] as const;
const LENGTHS = [
  { slug: '10m', label: '10 m', id: 60 },
  { slug: '20m', label: '20 m', id: 61 },
  { slug: '30m', label: '30 m', id: 62 },
] as const;

function term(id: number, taxonomy: string, name: string, extra: Partial<Term> = {}): Term {
  return {
    id,
    taxonomy,
    name,
    slug: slugify(name),
    parent: 0,
    description: '',
    menuOrder: 0,
    display: 'default',
    imageId: null,
    ...extra,
  };
}

function demoAttributes(): Attribute[] {
  return [
    { id: ATTR.colour, name: 'Colour', slug: 'colour', type: 'select', orderBy: 'menu_order', hasArchives: false },
    { id: ATTR.size, name: 'Size', slug: 'size', type: 'select', orderBy: 'menu_order', hasArchives: false },
    { id: ATTR.length, name: 'Length', slug: 'length', type: 'select', orderBy: 'name_num', hasArchives: false },
  ];
}

function demoTerms(): Term[] {
  const cat = 'product_cat';
  const tag = 'product_tag';
  return [
    term(CAT.uncategorised, cat, 'Uncategorised', { menuOrder: 99 }),
    term(CAT.boating, cat, 'Boating', { menuOrder: 1, imageId: 41, display: 'both', description: '<p>Everything for life afloat.</p>' }),
    term(CAT.ropes, cat, 'Ropes & Rigging', { slug: 'ropes-rigging', parent: CAT.boating, menuOrder: 1 }),
    term(CAT.safety, cat, 'Safety', { parent: CAT.boating, menuOrder: 2, description: '<p>Be seen, be safe.</p>' }),
    term(CAT.flares, cat, 'Flares & Signals', { slug: 'flares-signals', parent: CAT.safety, menuOrder: 1 }),
    term(CAT.navigation, cat, 'Navigation', { parent: CAT.boating, menuOrder: 3 }),
    term(CAT.clothing, cat, 'Clothing', { menuOrder: 2, imageId: 42, display: 'subcategories' }),
    term(CAT.waterproofs, cat, 'Waterproofs', { parent: CAT.clothing, menuOrder: 1 }),
    term(CAT.footwear, cat, 'Footwear', { parent: CAT.clothing, menuOrder: 2 }),
    term(CAT.accessories, cat, 'Accessories', { parent: CAT.clothing, menuOrder: 3 }),
    term(CAT.camping, cat, 'Camping', { menuOrder: 3, imageId: 43, display: 'products' }),
    term(CAT.books, cat, 'Books & Courses', { slug: 'books-courses', menuOrder: 4 }),
    term(CAT.gifts, cat, 'Gifts', { menuOrder: 5 }),
    term(TAG.newIn, tag, 'New In'),
    term(TAG.bestseller, tag, 'Bestseller'),
    term(TAG.eco, tag, 'Eco-friendly'),
    term(TAG.waterproof, tag, 'Waterproof'),
    term(TAG.giftIdea, tag, 'Gift Idea'),
    term(TAG.clearance, tag, 'Clearance'),
    term(TAG.madeInBritain, tag, 'Made in Britain'),
    ...COLOURS.map((c, i) => term(c.id, 'pa_colour', c.label, { slug: c.slug, menuOrder: i })),
    ...SIZES.map((s, i) => term(s.id, 'pa_size', s.label, { slug: s.slug, menuOrder: i })),
    ...LENGTHS.map((l, i) => term(l.id, 'pa_length', l.label, { slug: l.slug, menuOrder: i })),
    // Shipping classes, which the demo's UK flat rate charges by.
    term(70, 'product_shipping_class', 'Small parcel', { slug: 'small-parcel', description: 'Fits through a letterbox.' }),
    term(71, 'product_shipping_class', 'Bulky', { slug: 'bulky', description: 'Needs a courier: a surcharge on flat-rate shipping.' }),
    term(BRAND.cartwrightMarine, 'product_brand', 'Cartwright Marine', { description: '<p>Our own chandlery range.</p>' }),
    term(BRAND.solentOutdoor, 'product_brand', 'Solent Outdoor'),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Products

type Option = { slug: string; label: string };

function globalAttribute(id: number, name: string, slug: string, position: number, options: readonly Option[], variation: boolean): ProductAttribute {
  return {
    id,
    name,
    taxonomy: `pa_${slug}`,
    position,
    visible: true,
    variation,
    options: options.map((o) => ({ slug: o.slug, label: o.label })),
  };
}

function customAttribute(name: string, position: number, labels: string[]): ProductAttribute {
  return {
    id: 0,
    name,
    taxonomy: slugify(name),
    position,
    visible: true,
    variation: false,
    options: labels.map((label) => ({ slug: slugify(label), label })),
  };
}

/** EAN-13 with its check digit, from 12 digits. */
function ean13(first12: string): string {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + ((10 - (sum % 10)) % 10);
}

/** Meta entries with ids counted from `first`, as WordPress's meta ids are. */
function metaCounter(first: number): (key: string, value: unknown) => MetaEntry {
  let id = first;
  return (key, value) => ({ id: id++, key, value });
}

const html = (...paragraphs: string[]) => paragraphs.map((p) => `<p>${p}</p>`).join('\n');

type Parent = ProductInput & { id: number; name: string };

/** A parent product: slug from the name, created `ageDays` before now. */
function parent(now: number, ageDays: number, p: Parent): Parent {
  return { slug: slugify(p.name), createdAt: now - ageDays * DAY, modifiedAt: now, status: 'publish', ...p };
}

interface VariationSpec {
  id: number;
  /** taxonomy → term slug, '' for "any". */
  attrs: Record<string, string>;
  sku: string;
  regularPrice: number;
  extra?: ProductInput;
}

/** Variations of a variable parent, named "Parent - Label, Label" the way WooCommerce names them. */
function variations(p: Parent, specs: VariationSpec[]): ProductInput[] {
  return specs.map((v, i) => {
    const labels: string[] = [];
    const variationAttributes: Record<string, string> = {};
    for (const attr of p.attributes ?? []) {
      if (!attr.variation) continue;
      const value = v.attrs[attr.taxonomy];
      if (value === undefined) throw new Error(`demo: variation ${v.id} lacks ${attr.taxonomy}`);
      variationAttributes[attributeKey(attr.taxonomy)] = value;
      if (value !== '') labels.push(attr.options.find((o) => o.slug === value)!.label);
    }
    const name = labels.length ? `${p.name} - ${labels.join(', ')}` : p.name;
    return {
      id: v.id,
      parentId: p.id,
      type: 'variation',
      status: 'publish',
      name,
      slug: slugify(`${p.name} ${v.sku}`),
      sku: v.sku,
      createdAt: p.createdAt,
      modifiedAt: p.modifiedAt,
      menuOrder: i + 1,
      regularPrice: v.regularPrice,
      taxStatus: p.taxStatus,
      taxClass: p.taxClass,
      shippingClass: p.shippingClass,
      variationAttributes,
      ...v.extra,
    };
  });
}

function demoProducts(now: number): ProductInput[] {
  const meta = metaCounter(1000);
  const products: ProductInput[] = [];
  const add = (...ps: ProductInput[]) => products.push(...ps);

  add(
    parent(now, 120, {
      id: 10,
      name: 'Stainless Steel Snap Shackle',
      sku: 'CW-SHK-001',
      globalUniqueId: ean13('501234567890'),
      shortDescription: html('AISI 316 swivel snap shackle with a 1,200 kg safe working load.'),
      description: html(
        'Forged from marine-grade <strong>AISI 316</strong> stainless steel, this swivel snap shackle opens one-handed even under load.',
        'Ideal for halyards, spinnaker sheets and tethers.',
      ),
      regularPrice: 1299,
      manageStock: true,
      stockQuantity: 150,
      weight: 0.06,
      length: 8,
      width: 3,
      height: 1.5,
      shippingClass: 'small-parcel',
      totalSales: 412,
      menuOrder: 3,
      categoryIds: [CAT.ropes],
      tagIds: [TAG.bestseller],
      brandIds: [BRAND.cartwrightMarine],
      imageIds: [1],
      crossSellIds: [24],
      metaData: [meta('_warranty', '2 years'), meta('_supplier_code', 'RONSTAN-RF6120'), meta('material', 'AISI 316 stainless steel')],
    }),
  );

  // Variable product with two global attributes and a full set of 3 × 4 variations.
  const jacket = parent(now, 90, {
    id: 11,
    type: 'variable',
    name: 'Offshore Waterproof Jacket',
    sku: 'CW-JKT-OFF',
    shortDescription: html('Fully taped, breathable three-layer jacket with a high collar and storm hood.'),
    description: html(
      'Built for long passages in foul weather: three-layer breathable shell, fleece-lined collar, adjustable storm hood and reflective patches.',
      'Sizes run generously to fit over a mid layer.',
    ),
    featured: true,
    menuOrder: 1,
    weight: 0.95,
    length: 40,
    width: 30,
    height: 8,
    totalSales: 238,
    categoryIds: [CAT.waterproofs],
    tagIds: [TAG.waterproof, TAG.bestseller],
    brandIds: [BRAND.solentOutdoor],
    imageIds: [2, 3, 4, 5],
    crossSellIds: [56, 51, 59],
    upsellIds: [],
    attributes: [
      globalAttribute(ATTR.colour, 'Colour', 'colour', 0, [COLOURS[0], COLOURS[1], COLOURS[2]], true),
      globalAttribute(ATTR.size, 'Size', 'size', 1, SIZES, true),
      customAttribute('Material', 2, ['3-layer breathable nylon', 'Fleece-lined collar']),
    ],
    defaultAttributes: { [attributeKey('pa_colour')]: 'navy', [attributeKey('pa_size')]: 'm' },
    metaData: [meta('_warranty', '2 years'), meta('_size_guide', 'jackets-unisex'), meta('care_instructions', 'Wash at 30°C, rinse in fresh water after use')],
  });
  const jacketImage: Record<string, number> = { red: 3, navy: 2, yellow: 4 };
  const jacketSpecs: VariationSpec[] = [];
  let jacketId = 12;
  for (const colour of ['red', 'navy', 'yellow']) {
    for (const size of SIZES) {
      const id = jacketId++;
      const extra: ProductInput = {
        imageIds: [jacketImage[colour]],
        weight: size.slug === 's' ? 0.85 : size.slug === 'm' ? 0.9 : size.slug === 'l' ? 0.95 : 1.0,
      };
      if (colour === 'red' && size.slug === 'xl') Object.assign(extra, { manageStock: true, stockQuantity: 0, stockStatus: 'outofstock' });
      if (colour === 'navy' && size.slug === 'm') Object.assign(extra, { manageStock: true, stockQuantity: 15, lowStockAmount: 3 });
      if (colour === 'yellow' && size.slug === 'm') Object.assign(extra, { salePrice: 9900 });
      jacketSpecs.push({
        id,
        attrs: { pa_colour: colour, pa_size: size.slug },
        sku: `CW-JKT-OFF-${colour.toUpperCase()}-${size.slug.toUpperCase()}`,
        regularPrice: size.slug === 's' || size.slug === 'm' ? 12900 : 13900,
        extra,
      });
    }
  }
  add(jacket, ...variations(jacket, jacketSpecs));

  // Variable product where two variations accept any colour.
  const mooring = parent(now, 75, {
    id: 24,
    type: 'variable',
    name: 'Braided Mooring Line',
    sku: 'CW-MLN',
    shortDescription: html('Soft, double-braided polyester mooring line with a spliced 30 cm eye.'),
    description: html('Double-braided polyester with a hard-wearing cover. Supplied with a hand-spliced eye and whipped end.', 'Diameter 14 mm, breaking load 4,100 kg.'),
    menuOrder: 4,
    weight: 1.2,
    totalSales: 97,
    categoryIds: [CAT.ropes],
    tagIds: [TAG.madeInBritain],
    brandIds: [BRAND.cartwrightMarine],
    imageIds: [6, 7],
    crossSellIds: [10, 33],
    attributes: [
      globalAttribute(ATTR.length, 'Length', 'length', 0, LENGTHS, true),
      globalAttribute(ATTR.colour, 'Colour', 'colour', 1, [COLOURS[1], COLOURS[3], COLOURS[0]], true),
    ],
    defaultAttributes: { [attributeKey('pa_length')]: '20m', [attributeKey('pa_colour')]: 'navy' },
  });
  add(
    mooring,
    ...variations(mooring, [
      { id: 25, attrs: { pa_length: '10m', pa_colour: '' }, sku: 'CW-MLN-10', regularPrice: 2499 },
      { id: 26, attrs: { pa_length: '20m', pa_colour: 'navy' }, sku: 'CW-MLN-20-NAVY', regularPrice: 3999 },
      {
        id: 27,
        attrs: { pa_length: '20m', pa_colour: 'black' },
        sku: 'CW-MLN-20-BLACK',
        regularPrice: 3999,
        extra: { manageStock: true, stockQuantity: 4, lowStockAmount: 5 },
      },
      { id: 28, attrs: { pa_length: '30m', pa_colour: '' }, sku: 'CW-MLN-30', regularPrice: 5499, extra: { weight: 3.1 } },
    ]),
  );

  add(
    parent(now, 60, {
      id: 29,
      name: 'Marine First Aid Kit',
      sku: 'CW-SAF-FAK',
      shortDescription: html('Offshore-ready first aid kit in a floating, waterproof case.'),
      description: html('Sixty-piece kit including seasickness tablets, burn gel, SAM splint and a foil blanket, packed in a bright orange floating case.'),
      featured: true,
      menuOrder: 2,
      regularPrice: 3499,
      salePrice: 2799,
      saleFrom: now - 3 * DAY,
      saleTo: now + 10 * DAY,
      manageStock: true,
      stockQuantity: 40,
      weight: 0.8,
      length: 25,
      width: 18,
      height: 9,
      totalSales: 151,
      categoryIds: [CAT.safety],
      tagIds: [TAG.bestseller, TAG.giftIdea],
      imageIds: [8],
      upsellIds: [43],
      crossSellIds: [45, 46],
    }),
    parent(now, 200, {
      id: 30,
      name: 'Waterproof Phone Pouch',
      sku: 'CW-ACC-POUCH',
      shortDescription: html('IPX8 pouch with a lanyard; your phone still works through it.'),
      description: html('Roll-top pouch rated IPX8 to 10 m. Touch screens work through the window.'),
      regularPrice: 999,
      salePrice: 749,
      saleFrom: now - 30 * DAY,
      saleTo: now - 2 * DAY,
      weight: 0.05,
      shippingClass: 'small-parcel',
      totalSales: 530,
      categoryIds: [CAT.accessories],
      tagIds: [TAG.waterproof, TAG.clearance],
      imageIds: [9],
      upsellIds: [59],
    }),
    parent(now, 45, {
      id: 31,
      name: 'Folding Camping Chair',
      sku: 'CW-CMP-CHAIR',
      shortDescription: html('Steel-framed folding chair with a cup holder and carry bag.'),
      description: html('Powder-coated steel frame, 600D polyester seat and a 120 kg load rating. Folds flat into its own bag.'),
      regularPrice: 4499,
      salePrice: 3499,
      saleFrom: now + 7 * DAY,
      saleTo: now + 21 * DAY,
      weight: 3.2,
      length: 85,
      width: 55,
      height: 50,
      shippingClass: 'bulky',
      totalSales: 64,
      menuOrder: 5,
      categoryIds: [CAT.camping],
      tagIds: [TAG.newIn],
      imageIds: [10],
      crossSellIds: [57, 58, 34],
    }),
    parent(now, 150, {
      id: 32,
      name: 'Inflatable Dinghy 2.3 m',
      sku: 'CW-BOAT-DNG230',
      shortDescription: html('Four-person inflatable tender with an aluminium floor. Limited to one per order.'),
      description: html('Three air chambers, slatted aluminium floor, oars, pump and repair kit included. Rated for a 6 hp outboard.', 'Because of its size we can deliver only one per order.'),
      regularPrice: 64900,
      soldIndividually: true,
      manageStock: true,
      stockQuantity: 6,
      weight: 24.5,
      length: 110,
      width: 55,
      height: 35,
      shippingClass: 'bulky',
      totalSales: 12,
      menuOrder: 6,
      categoryIds: [CAT.boating],
      tagIds: [],
      imageIds: [11, 12],
      crossSellIds: [33, 24],
      upsellIds: [],
      metaData: [meta('_warranty', '2 years'), meta('_freight_only', 'yes'), meta('max_passengers', 4)],
    }),
    parent(now, 100, {
      id: 33,
      name: 'Inflatable Boat Fender',
      sku: 'CW-BOAT-FND',
      shortDescription: html('Sold in pairs: a minimum of two per order.'),
      description: html('Heavy-duty PVC fender, 20 × 60 cm, with a reinforced rope eye at each end.'),
      regularPrice: 1899,
      minPurchase: 2,
      manageStock: true,
      stockQuantity: 80,
      weight: 1.1,
      length: 60,
      width: 20,
      height: 20,
      totalSales: 305,
      menuOrder: 7,
      categoryIds: [CAT.boating],
      tagIds: [],
      imageIds: [13],
    }),
    parent(now, 80, {
      id: 34,
      name: 'Butane Gas Cartridges (4 pack)',
      sku: 'CW-CMP-GAS4',
      shortDescription: html('Four 220 g cartridges. Limited to five packs per order.'),
      description: html('Standard EN417 butane cartridges for camping stoves. Dangerous goods: at most five packs per order.'),
      regularPrice: 799,
      maxPurchase: 5,
      taxClass: 'reduced-rate',
      weight: 1.1,
      length: 20,
      width: 20,
      height: 10,
      totalSales: 820,
      menuOrder: 8,
      categoryIds: [CAT.camping],
      tagIds: [],
      imageIds: [14],
    }),
    parent(now, 30, {
      id: 35,
      name: 'Handheld VHF Radio',
      sku: 'CW-NAV-VHF',
      globalUniqueId: ean13('501234567891'),
      shortDescription: html('Floating, waterproof 6 W handheld VHF with DSC. Only a few left.'),
      description: html('IPX7 waterproof and it floats. 6 W transmit power, all international channels, dual watch and a 12-hour battery.'),
      featured: true,
      regularPrice: 14999,
      manageStock: true,
      stockQuantity: 3,
      lowStockAmount: 5,
      weight: 0.3,
      length: 14,
      width: 6,
      height: 4,
      totalSales: 41,
      menuOrder: 2,
      categoryIds: [CAT.navigation, CAT.safety],
      tagIds: [TAG.newIn],
      brandIds: [BRAND.cartwrightMarine],
      imageIds: [15],
      upsellIds: [44],
      crossSellIds: [61],
      metaData: [meta('_warranty', '3 years'), meta('_supplier_code', 'VHF-600-EU'), meta('battery_life', '12 hours')],
    }),
    parent(now, 400, {
      id: 36,
      name: 'Vintage Brass Compass',
      sku: 'CW-NAV-CMP',
      shortDescription: html('Gimballed brass compass in a mahogany box. Currently out of stock.'),
      description: html('A handsome desk or cabin compass with a liquid-damped card.'),
      regularPrice: 8900,
      manageStock: true,
      stockQuantity: 0,
      stockStatus: 'outofstock',
      backorders: 'no',
      weight: 1.4,
      length: 16,
      width: 16,
      height: 9,
      totalSales: 27,
      menuOrder: 9,
      categoryIds: [CAT.navigation, CAT.gifts],
      tagIds: [TAG.giftIdea],
      imageIds: [16],
      upsellIds: [35],
    }),
    parent(now, 50, {
      id: 37,
      name: 'Teak Cockpit Table',
      sku: 'CW-BOAT-TBL',
      shortDescription: html('Folding teak table for the cockpit. On backorder: we will tell you when it ships.'),
      description: html('Solid, oiled teak leaves on a stainless steel pedestal mount. Folds to 12 cm deep.'),
      regularPrice: 28900,
      manageStock: true,
      stockQuantity: -2,
      stockStatus: 'onbackorder',
      backorders: 'notify',
      weight: 9.5,
      length: 90,
      width: 60,
      height: 12,
      shippingClass: 'bulky',
      totalSales: 9,
      menuOrder: 10,
      categoryIds: [CAT.boating],
      tagIds: [TAG.madeInBritain],
      imageIds: [17],
      attributes: [customAttribute('Wood', 0, ['Teak']), customAttribute('Finish', 1, ['Oiled', 'Varnished'])],
    }),
    parent(now, 20, {
      id: 38,
      name: 'Made-to-Order Canvas Sprayhood',
      sku: 'CW-BOAT-SPRAY',
      shortDescription: html('Hand-made to your measurements; allow four weeks.'),
      description: html('Acrylic canvas on a stainless frame with clear, zip-out windows. Each one is made to order.'),
      regularPrice: 89500,
      manageStock: true,
      stockQuantity: 0,
      stockStatus: 'onbackorder',
      backorders: 'yes',
      weight: 6,
      length: 120,
      width: 40,
      height: 20,
      shippingClass: 'bulky',
      totalSales: 3,
      menuOrder: 11,
      categoryIds: [CAT.boating],
      tagIds: [TAG.madeInBritain, TAG.newIn],
      imageIds: [18],
    }),
    parent(now, 300, {
      id: 39,
      name: 'RYA Day Skipper Theory Course (Online)',
      sku: 'CW-BK-DAYSKIP',
      shortDescription: html('Forty hours of self-paced online theory with a tutor. Nothing is shipped.'),
      description: html('Navigation, pilotage, tides, weather and collision regulations, with a final online exam.'),
      regularPrice: 29500,
      virtual: true,
      soldIndividually: true,
      totalSales: 58,
      menuOrder: 12,
      categoryIds: [CAT.books],
      tagIds: [],
      imageIds: [19],
      crossSellIds: [42, 40],
    }),
    parent(now, 10, {
      id: 40,
      name: 'Solent Tide Tables (PDF)',
      sku: 'CW-BK-TIDES-PDF',
      shortDescription: html('Printable tide tables for the Solent, downloaded after payment.'),
      description: html('High and low water times and heights for Portsmouth, Southampton, Cowes and Lymington.'),
      regularPrice: 499,
      virtual: true,
      downloadable: true,
      taxClass: 'zero-rate',
      totalSales: 140,
      menuOrder: 13,
      categoryIds: [CAT.books],
      tagIds: [TAG.newIn],
      imageIds: [20],
    }),
    parent(now, 365, {
      id: 41,
      name: 'Cartwright Gift Card £25',
      sku: 'CW-GIFT-25',
      shortDescription: html('Sent by email; spend it on anything in the shop.'),
      description: html('Gift cards are not subject to VAT at purchase; VAT is charged when they are spent.'),
      regularPrice: 2500,
      virtual: true,
      taxStatus: 'none',
      reviewsAllowed: false,
      totalSales: 75,
      menuOrder: 14,
      categoryIds: [CAT.gifts],
      tagIds: [TAG.giftIdea],
      imageIds: [21],
    }),
    parent(now, 250, {
      id: 42,
      name: 'The Coastal Cruising Handbook',
      sku: 'CW-BK-HANDBOOK',
      globalUniqueId: '9781234567897',
      shortDescription: html('Paperback, 320 pages.'),
      description: html('Passage planning, anchoring, heavy weather and living aboard, illustrated throughout.'),
      regularPrice: 1999,
      taxClass: 'zero-rate',
      weight: 0.6,
      length: 24,
      width: 17,
      height: 2,
      shippingClass: 'small-parcel',
      totalSales: 210,
      menuOrder: 15,
      categoryIds: [CAT.books, CAT.gifts],
      tagIds: [TAG.giftIdea],
      imageIds: [22],
    }),
    parent(now, 40, {
      id: 43,
      type: 'grouped',
      name: 'Safety Starter Bundle',
      shortDescription: html('The essentials for a new boat owner: choose what you need.'),
      description: html('Our first aid kit, an emergency whistle and a waterproof head torch, together on one page.'),
      menuOrder: 16,
      categoryIds: [CAT.safety],
      tagIds: [],
      imageIds: [23],
      groupedIds: [29, 45, 46],
    }),
    parent(now, 70, {
      id: 44,
      type: 'external',
      name: 'Halyard Marine 7" Chartplotter',
      sku: 'CW-EXT-CHART7',
      shortDescription: html('Sold and shipped by our partner Halyard Marine.'),
      description: html('Seven-inch sunlight-readable touchscreen with built-in GPS and UK coastal charts.'),
      regularPrice: 49900,
      externalUrl: 'https://example.com/halyard-marine/chartplotter-7',
      buttonText: 'Buy from Halyard Marine',
      menuOrder: 17,
      categoryIds: [CAT.navigation],
      tagIds: [],
      imageIds: [24],
    }),
    parent(now, 500, {
      id: 45,
      name: 'Emergency Whistle',
      sku: 'CW-SAF-WHISTLE',
      shortDescription: html('Pea-less safety whistle, audible up to 1 km.'),
      description: html('Works when wet. Clip it to your lifejacket.'),
      regularPrice: 349,
      weight: 0.01,
      shippingClass: 'small-parcel',
      totalSales: 990,
      menuOrder: 18,
      categoryIds: [CAT.flares],
      tagIds: [],
      imageIds: [25],
    }),
    parent(now, 110, {
      id: 46,
      name: 'Waterproof LED Head Torch',
      sku: 'CW-SAF-TORCH',
      shortDescription: html('300 lumen head torch with a red night-vision mode.'),
      description: html('IPX6 waterproof, rechargeable by USB-C, up to 40 hours on the low setting.'),
      regularPrice: 1999,
      manageStock: true,
      stockQuantity: 60,
      weight: 0.09,
      totalSales: 166,
      menuOrder: 19,
      categoryIds: [CAT.safety, CAT.camping],
      tagIds: [TAG.waterproof],
      imageIds: [26],
    }),
    parent(now, 600, {
      id: 47,
      name: 'Spare Shackle Pins (pack of 4)',
      sku: 'CW-SHK-PINS4',
      shortDescription: html('Shown in the shop, not in search results.'),
      description: html('Replacement captive pins for our snap shackles.'),
      catalogVisibility: 'catalog',
      regularPrice: 450,
      weight: 0.02,
      shippingClass: 'small-parcel',
      menuOrder: 20,
      categoryIds: [CAT.ropes],
      tagIds: [],
      imageIds: [27],
    }),
    parent(now, 600, {
      id: 48,
      name: 'Replacement Zip Puller',
      sku: 'CW-ACC-ZIP',
      shortDescription: html('Found by search only, not listed in the shop.'),
      description: html('Fits the Offshore Waterproof Jacket.'),
      catalogVisibility: 'search',
      regularPrice: 250,
      weight: 0.005,
      shippingClass: 'small-parcel',
      menuOrder: 21,
      categoryIds: [CAT.accessories],
      tagIds: [],
      imageIds: [28],
    }),
    parent(now, 600, {
      id: 49,
      name: 'Trade Sample: Rope Offcut',
      sku: 'CW-TRADE-SAMPLE',
      shortDescription: html('Hidden from the shop and search; reachable by direct link only.'),
      description: html('A 50 cm offcut of our mooring line for trade customers to inspect.'),
      catalogVisibility: 'hidden',
      regularPrice: 50,
      weight: 0.1,
      menuOrder: 22,
      categoryIds: [CAT.uncategorised],
      tagIds: [],
      imageIds: [29],
    }),
    parent(now, 5, {
      id: 50,
      status: 'draft',
      name: 'Carbon Fibre Paddle',
      sku: 'CW-BOAT-PADDLE',
      shortDescription: html('Coming soon.'),
      description: html('Ultra-light carbon paddle for tenders and paddleboards.'),
      regularPrice: 12900,
      weight: 0.7,
      length: 210,
      width: 20,
      height: 5,
      shippingClass: 'bulky',
      menuOrder: 23,
      categoryIds: [CAT.boating],
      tagIds: [TAG.newIn],
      imageIds: [30],
    }),
  );

  // Variable product with a single attribute and no default attributes.
  const beanie = parent(now, 25, {
    id: 51,
    type: 'variable',
    name: 'Merino Wool Beanie',
    sku: 'CW-ACC-BEANIE',
    shortDescription: html('Soft, itch-free merino beanie.'),
    description: html('Knitted in Scotland from fine merino wool.'),
    featured: true,
    menuOrder: 24,
    weight: 0.08,
    shippingClass: 'small-parcel',
    totalSales: 188,
    categoryIds: [CAT.accessories, CAT.gifts],
    tagIds: [TAG.giftIdea, TAG.madeInBritain],
    brandIds: [BRAND.solentOutdoor],
    imageIds: [31, 32, 33],
    attributes: [globalAttribute(ATTR.colour, 'Colour', 'colour', 0, [COLOURS[1], COLOURS[3], COLOURS[4]], true)],
  });
  add(
    beanie,
    ...variations(beanie, [
      { id: 52, attrs: { pa_colour: 'navy' }, sku: 'CW-ACC-BEANIE-NAVY', regularPrice: 1800, extra: { imageIds: [31] } },
      { id: 53, attrs: { pa_colour: 'black' }, sku: 'CW-ACC-BEANIE-BLACK', regularPrice: 1800, extra: { imageIds: [32] } },
      {
        id: 54,
        attrs: { pa_colour: 'green' },
        sku: 'CW-ACC-BEANIE-GREEN',
        regularPrice: 1800,
        extra: { imageIds: [33], manageStock: true, stockQuantity: 0, stockStatus: 'onbackorder', backorders: 'notify' },
      },
    ]),
  );

  add(
    parent(now, 140, {
      id: 55,
      name: 'Neoprene Sailing Gloves',
      sku: 'CW-ACC-GLOVES',
      shortDescription: html('Three-finger-cut gloves for rope work.'),
      description: html('Reinforced palms, adjustable wrist strap and cut-away thumb and forefinger.'),
      regularPrice: 2799,
      weight: 0.12,
      shippingClass: 'small-parcel',
      totalSales: 95,
      menuOrder: 25,
      categoryIds: [CAT.accessories],
      tagIds: [],
      imageIds: [34],
    }),
    parent(now, 160, {
      id: 56,
      name: 'Wool Boot Socks (2 pairs)',
      sku: 'CW-FTW-SOCKS2',
      shortDescription: html('Warm, cushioned socks for sea boots.'),
      description: html('Seventy per cent wool, reinforced heel and toe.'),
      regularPrice: 1499,
      weight: 0.15,
      shippingClass: 'small-parcel',
      totalSales: 260,
      menuOrder: 26,
      categoryIds: [CAT.footwear],
      tagIds: [TAG.eco],
      imageIds: [35],
    }),
    parent(now, 220, {
      id: 57,
      name: 'Enamel Camping Mug',
      sku: 'CW-CMP-MUG',
      shortDescription: html('Classic white enamel mug with a navy rim.'),
      description: html('350 ml steel mug with an enamel coating; safe on a camping stove.'),
      regularPrice: 899,
      weight: 0.2,
      length: 9,
      width: 9,
      height: 8,
      totalSales: 340,
      menuOrder: 27,
      categoryIds: [CAT.camping, CAT.gifts],
      tagIds: [TAG.giftIdea],
      imageIds: [36],
    }),
    parent(now, 230, {
      id: 58,
      name: 'Stormproof Matches',
      sku: 'CW-CMP-MATCHES',
      shortDescription: html('Burn for 15 seconds, even after being dunked.'),
      description: html('Twenty-five matches and two strikers in a waterproof tub.'),
      regularPrice: 449,
      weight: 0.05,
      shippingClass: 'small-parcel',
      totalSales: 410,
      menuOrder: 28,
      categoryIds: [CAT.camping],
      tagIds: [TAG.waterproof],
      imageIds: [37],
    }),
    parent(now, 180, {
      id: 59,
      name: 'Dry Bag 20 L',
      sku: 'CW-ACC-DRYBAG20',
      shortDescription: html('Roll-top dry bag made from recycled PVC-free fabric.'),
      description: html('Welded seams, a roll-top closure and a detachable shoulder strap.'),
      regularPrice: 2299,
      weight: 0.35,
      length: 50,
      width: 25,
      height: 25,
      totalSales: 175,
      menuOrder: 29,
      categoryIds: [CAT.accessories, CAT.camping],
      tagIds: [TAG.waterproof, TAG.eco],
      imageIds: [38],
    }),
    parent(now, 15, {
      id: 60,
      name: "Kids' Waterproof Trousers",
      sku: 'CW-CLO-KIDS-TRS',
      shortDescription: html("Children's clothing is zero-rated for VAT."),
      description: html('Elasticated waist, adjustable braces and reinforced knees. Ages 6–8.'),
      regularPrice: 2499,
      taxClass: 'zero-rate',
      weight: 0.3,
      totalSales: 44,
      menuOrder: 30,
      categoryIds: [CAT.waterproofs],
      tagIds: [TAG.waterproof, TAG.newIn],
      imageIds: [39],
    }),
    parent(now, 35, {
      id: 61,
      name: 'Folding Solar Charging Panel 21 W',
      sku: 'CW-CMP-SOLAR21',
      shortDescription: html('Charge phones and radios from the sun.'),
      description: html('Three folding panels with two USB-A outputs; splash-proof.'),
      regularPrice: 5999,
      weight: 0.6,
      length: 28,
      width: 16,
      height: 3,
      totalSales: 52,
      menuOrder: 31,
      categoryIds: [CAT.camping],
      tagIds: [TAG.eco],
      imageIds: [40],
      crossSellIds: [35, 46],
    }),
  );

  return products;
}

function demoReviews(): DemoData['reviews'] {
  return [
    { productId: 11, reviewer: 'Harriet Cole', rating: 5, review: 'Kept me bone dry crossing the Channel in a force 6.', verified: true, daysAgo: 60 },
    { productId: 11, reviewer: 'Tom Price', rating: 4, review: 'Excellent jacket; the sleeves are a little long.', verified: true, daysAgo: 41 },
    { productId: 11, reviewer: 'Priya Shah', rating: 5, review: 'The hood actually stays on in a breeze.', verified: false, daysAgo: 12 },
    { productId: 29, reviewer: 'Gareth Lewis', rating: 4, review: 'Well stocked and the case floats.', verified: true, daysAgo: 30 },
    { productId: 29, reviewer: 'Fiona Grant', rating: 5, review: 'Peace of mind for family sailing.', verified: true, daysAgo: 8 },
    { productId: 30, reviewer: 'Dan Hughes', rating: 1, review: 'Leaked on the first outing.', verified: true, daysAgo: 90 },
    { productId: 30, reviewer: 'Emma Walsh', rating: 3, review: 'Fine for splashes; I would not swim with it.', verified: false, daysAgo: 70 },
    { productId: 32, reviewer: 'Oliver Bennett', rating: 5, review: 'Rows well and inflates in ten minutes.', verified: true, daysAgo: 100 },
    { productId: 35, reviewer: 'Sian Roberts', rating: 5, review: 'Clear audio and it really does float.', verified: true, daysAgo: 20 },
    { productId: 35, reviewer: 'Mark Ellis', rating: 3, review: 'Good radio, but the belt clip feels flimsy.', verified: false, daysAgo: 5 },
    { productId: 36, reviewer: 'Ruth Adams', rating: 2, review: 'Pretty, but the card sticks.', verified: true, daysAgo: 200 },
    { productId: 57, reviewer: 'Jack Morgan', rating: 4, review: 'Chipped a little, as enamel does. Still my favourite mug.', verified: true, daysAgo: 150 },
  ];
}

function demoData(now: number): DemoData {
  return { media: demoMedia(now), attributes: demoAttributes(), terms: demoTerms(), products: demoProducts(now), reviews: demoReviews() };
}

/**
 * Loads the demo catalogue in one transaction. A no-op returning `{ products: 0 }` when the catalogue
 * already holds any product; otherwise returns the number of parent products inserted (variations not
 * counted). `now` is unix seconds; creation dates and sale windows are relative to it.
 */
export async function seedDemoCatalog(db: Kysely<Database>, now: number = Math.floor(Date.now() / 1000)): Promise<{ products: number }> {
  const data = demoData(now);
  return db.transaction().execute(async (trx) => {
    if ((await countProducts(trx)) > 0) return { products: 0 };
    for (const m of data.media) await saveMedia(trx, m, now);
    for (const a of data.attributes) await saveAttribute(trx, a);
    for (const t of data.terms) await saveTerm(trx, t);
    for (const p of data.products) await saveProduct(trx, completeProduct(p, now));
    for (const r of data.reviews) {
      await insertReview(trx, {
        productId: r.productId,
        status: 'approved',
        reviewer: r.reviewer,
        reviewerEmail: `${slugify(r.reviewer).replace(/-/g, '.')}@example.co.uk`,
        review: r.review,
        rating: r.rating,
        verified: r.verified,
        userId: null,
        createdAt: now - r.daysAgo * DAY,
      });
    }
    await syncCatalogSequences(trx);
    return { products: data.products.filter((p) => p.type !== 'variation').length };
  });
}
