import { Type, type TSchema } from '@sinclair/typebox';
import { ref } from './schemas.ts';

/**
 * The answers of the account routes (src/api/cocart-v2/register.ts and my-account.ts), for the OpenAPI
 * document: registration (the login answer with the new account's id and username) and the customer's
 * account and orders in CoCart Plus's My Account shapes, where money is a display string ("£36.00").
 * They describe and never constrain; a map that can be empty is `[]` when it is.
 */

const Str = Type.String();
const Int = Type.Integer();
const Bool = Type.Boolean();
const EmptyArray = Type.Array(Type.Unknown(), { maxItems: 0, description: 'Empty (an empty map is written as [])' });
const MapOrEmpty = (value: TSchema, description: string) => Type.Union([Type.Object({}, { additionalProperties: value }), EmptyArray], { description });

export const RegisterAnswer = Type.Object(
  {
    user_id: Type.Integer({ description: 'The new account' }),
    first_name: Str,
    last_name: Str,
    display_name: Str,
    role: Str,
    avatar_urls: Type.Union([Type.Object({}, { additionalProperties: Str }), EmptyArray]),
    email: Str,
    extras: Type.Object(
      { jwt_token: Type.Optional(Str), jwt_refresh: Type.Optional(Str) },
      { additionalProperties: true, description: 'A token pair, as login gives it: send the token as Bearer to act as the new customer at once' },
    ),
    dev_note: Str,
    username: Type.String({ description: 'The username registered: the one asked for, or one made from the e-mail address' }),
    message: Str,
  },
  { $id: 'RegisterAnswer', description: 'The login answer for the new customer, with its username and a message' },
);

export const OrderAction = Type.Object({ url: Type.String({ format: 'uri' }), label: Str }, { $id: 'OrderAction' });

const Actions = MapOrEmpty(ref('OrderAction'), 'What the customer can do with the order (pay, view), each with a URL and a label');

export const AccountAddress = Type.Object(
  {
    first_name: Str,
    last_name: Str,
    company: Str,
    address_1: Str,
    address_2: Str,
    city: Str,
    state: Str,
    postcode: Str,
    country: Str,
    email: Type.Optional(Type.String({ description: 'Billing only' })),
    phone: Type.Optional(Type.String({ description: 'Billing only' })),
  },
  { $id: 'AccountAddress' },
);

export const Account = Type.Object(
  {
    user: Type.Object({
      id: Int,
      date_registered: Type.String({ format: 'date-time' }),
      email: Str,
      first_name: Str,
      last_name: Str,
      display_name: Str,
      addresses: Type.Object(
        { billing: ref('AccountAddress'), shipping: Type.Optional(ref('AccountAddress')) },
        { description: 'The shipping address only when the store ships' },
      ),
      orders_count: Int,
      total_spent: Type.String({ description: 'The totals of paid orders, formatted' }),
      is_paying_customer: Bool,
      avatar_url: Type.String({ format: 'uri' }),
    }),
    recent_order: Type.Object({
      order_id: Type.Union([Int, Type.Null()]),
      order_date: Type.Union([Str, Type.Null()]),
      order_data: Type.String({ description: "The order's URL in this API; empty when there is no order" }),
    }),
    meta: Type.Object({ is_customer_outside_base: Bool, is_vat_exempt: Bool }),
    extensions: MapOrEmpty(Type.Unknown(), 'What extensions add'),
  },
  { $id: 'Account' },
);

export const CustomerOrders = Type.Object(
  {
    orders: Type.Array(
      Type.Object({
        order_id: Int,
        order_status: Type.String({ description: 'The status as people read it ("Processing")' }),
        order_date: Str,
        item_count: Type.Integer({ description: 'Units ordered, less those refunded' }),
        order_total: Type.String({ description: 'Formatted' }),
        order_actions: Actions,
      }),
    ),
    pagination: Type.Union(
      [Type.Object({ previous: Type.Optional(Type.String({ format: 'uri' })), next: Type.Optional(Type.String({ format: 'uri' })) }), EmptyArray],
      { description: 'Links to the neighbouring pages that exist' },
    ),
  },
  { $id: 'CustomerOrders' },
);

const OrderItem = Type.Object({
  item_id: Int,
  product_id: Int,
  variation_id: Int,
  product_image: Str,
  product_name: Type.String({ description: "The line's name as ordered (with a variation's attributes)" }),
  product_title: Type.String({ description: "The product's name" }),
  product_type: Type.String({ description: "'' when the product no longer exists" }),
  sku: Str,
  quantity: Type.String({ description: 'Units ordered, as a string' }),
  subtotal: Type.String({ description: 'Formatted, including tax when the store shows prices with tax' }),
  purchase_note: Type.String({ description: 'Only for processing and completed orders' }),
  refunded_qty: Str,
  meta: MapOrEmpty(Type.Object({ key: Str, value: Str, display_key: Str, display_value: Str }), "The line's attributes and item data, by key"),
  link: Type.String({ description: "The product in this API; '' when it no longer exists" }),
});

export const CustomerOrder = Type.Object(
  {
    order_id: Int,
    order_key: Str,
    order_number: Str,
    order_parent: Int,
    order_date: Str,
    order_status: Str,
    order_currency: Str,
    billing_address: Type.String({ description: 'One line' }),
    shipping_address: Type.String({ description: "One line; '' when the order is not shipped" }),
    phone: Str,
    email: Str,
    ship_to_billing: Type.Boolean({ description: 'Whether the order needs a shipping address' }),
    items: Type.Array(OrderItem),
    totals: Type.Object({}, { additionalProperties: Type.Object({ label: Str, value: Str }), description: 'Rows by kind: subtotal, discount, shipping, fee_<id>, taxes, payment_method, refund_<id>, total' }),
    order_note: Type.String({ description: "The customer's note" }),
    order_notes: Type.Array(Type.Object({ date: Str, note: Str }), { description: 'Notes written for the customer, newest first' }),
    downloads: Type.Array(Type.Unknown()),
    order_actions: Actions,
  },
  { $id: 'CustomerOrder' },
);

export const ACCOUNT_SCHEMAS: TSchema[] = [RegisterAnswer, OrderAction, AccountAddress, Account, CustomerOrders, CustomerOrder];
