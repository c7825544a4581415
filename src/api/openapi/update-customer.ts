import { Type, type TSchema } from '@sinclair/typebox';
import { ref } from './schemas.ts';

/**
 * The request body of `POST /cocart/v2/cart/update`, for the OpenAPI document: what each built-in
 * callback reads (src/cart/callbacks.ts, src/cart/update-customer.ts, src/cart/update-cart.ts). The
 * route reads every request parameter itself, so this describes and validates nothing. The parameters
 * may also come in `data`, or in the query string, and `namespace` may be a query option as well.
 */

const text = (description: string) => Type.Optional(Type.String({ description }));

const ADDRESS = {
  first_name: 'First name',
  last_name: 'Last name',
  company: 'Company',
  address_1: 'Address line 1',
  address_2: 'Address line 2',
  city: 'Town / city',
  state: 'State / county code, checked against the country (e.g. CA for the United States)',
  country: 'Country code, ISO 3166-1 alpha-2 (e.g. GB)',
  postcode: 'Postcode / ZIP, checked against the country',
  phone: 'Phone number',
};

/** `update-customer`: billing fields by their plain names, shipping fields with `s_`. */
export const UpdateCustomer = Type.Object(
  {
    ...Object.fromEntries(Object.entries(ADDRESS).map(([name, what]) => [name, text(`Billing: ${what}`)])),
    email: text('Billing: e-mail address'),
    ...Object.fromEntries(Object.entries(ADDRESS).map(([name, what]) => [`s_${name}`, text(`Shipping: ${what}`)])),
    ship_to_different_address: Type.Optional(
      Type.Union([Type.Boolean(), Type.String(), Type.Integer()], {
        description: 'true (or "1", "yes", "on") to read the shipping address from the s_ fields; otherwise the shipping address copies the billing fields given (not the phone). Remembered for later requests.',
      }),
    ),
    payment_method: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{0,100}$', description: "The payment gateway id the shopper means to use ('' to clear); fee rules may depend on it" })),
  },
  {
    $id: 'UpdateCustomer',
    additionalProperties: true,
    description:
      'The customer fields update-customer reads. Absent or empty fields are left as they are; an invalid value is not stored and comes back as an error notice. billing_<field> and shipping_<field> are read as well (shipping_<field> when shipping to a different address), and any other billing_… or shipping_… field is kept with the customer.',
  },
);

const Namespace = (name: string, description: string) => Type.Unsafe<string>({ type: 'string', enum: [name], description });

/** The body of `POST /cocart/v2/cart/update`, one shape per callback. */
export const UpdateCartBody = Type.Union(
  [
    Type.Object(
      {
        namespace: Namespace('update-cart', 'Set several quantities at once'),
        quantity: Type.Object({}, { additionalProperties: Type.Union([Type.Integer(), Type.String()]), description: 'New quantity by item key; 0 removes the line (restorable)' }),
      },
      { title: 'update-cart', additionalProperties: true },
    ),
    Type.Intersect([
      Type.Object({ namespace: Namespace('update-customer', "Change the customer's billing and shipping details"), data: Type.Optional(ref('UpdateCustomer')) }),
      ref('UpdateCustomer'),
    ], { title: 'update-customer' }),
    Type.Object(
      {
        namespace: Type.String({ description: 'A callback a plugin registered' }),
        data: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Its parameters' })),
      },
      { title: 'other', additionalProperties: true },
    ),
  ],
  { description: 'Which callback to run (namespace) and its parameters; they may also be given in data or in the query string' },
);

/** Request schemas the document lists by name. */
export const REQUEST_SCHEMAS: TSchema[] = [UpdateCustomer];
