import { Type, type Static } from '@sinclair/typebox';

/**
 * Options every cart-returning route takes, documented as query options. `cart_key` in particular is
 * read only from the query string or a form body, never from a JSON body.
 */
export const Common = {
  cart_key: Type.Optional(Type.String({ description: 'The guest cart key (query or form; the CoCart-API-Cart-Key header wins).' })),
  fields: Type.Optional(Type.String({ description: 'Fields to return: dots (totals.total) or colons (totals:subtotal-total).' })),
  config: Type.Optional(
    Type.Object({
      fields: Type.Optional(Type.String({ description: 'Preset: digital, digital_fees, shipping, shipping_fees, removed_items, cross_sells' })),
      prices: Type.Optional(Type.String({ description: '`preformatted` for display strings' })),
    }),
  ),
  prices: Type.Optional(Type.Union([Type.Literal('raw'), Type.Literal('formatted')])),
  thumb: Type.Optional(Type.Boolean({ default: true })),
  default: Type.Optional(Type.Boolean({ description: 'Return the raw cart contents (debug aid).' })),
};
export const CommonArgs = Type.Object(Common);
export type CommonArgs = Static<typeof CommonArgs>;
