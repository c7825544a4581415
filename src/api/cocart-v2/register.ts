import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.ts';
import type { TokenService } from '../../customers/tokens.ts';
import { translator } from '../request-context.ts';
import { defineRoute } from '../route.ts';
import { loginAnswer } from './login.ts';
import { ref } from '../openapi/schemas.ts';

/**
 * `POST /cocart/v2/register`: a shopper makes a customer account and is logged in by the answer, which
 * is the login answer (its token pair included) with the account's username and a message. The rules
 * are the registration service's (src/customers/registration.ts).
 *
 * The username and password come as `requested_username` and `requested_password`, as in CoCart:
 * `username` or `password` in a request (either one alone too) are credentials to our authentication
 * (src/api/auth.ts), which refuses them with 401 `cocart_authentication_error` before this route runs
 * unless they are an existing account's, so they cannot carry a new account's details and are not read.
 */

const text = (description: string, maxLength = 200) => Type.Optional(Type.String({ description, maxLength }));

const ADDRESS_FIELDS = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'phone'] as const;
const address = (withEmail: boolean, description: string) =>
  Type.Optional(
    Type.Object(
      Object.fromEntries([...ADDRESS_FIELDS, ...(withEmail ? ['email'] : [])].map((f) => [f, Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number()]))])),
      { description },
    ),
  );

const Args = Type.Object({
  email: Type.String({ description: "The customer's e-mail address" }),
  requested_username: text('A username; made from the e-mail address when not given', 60),
  // Long enough for any passphrase; a cap so that no one makes the server hash a megabyte.
  requested_password: Type.Optional(
    Type.String({ maxLength: 1024, description: 'At least 8 characters, mixing three of lower case, upper case, digits and symbols; not the username or e-mail address' }),
  ),
  first_name: text('First name'),
  last_name: text('Last name'),
  phone: text('Phone number (the billing phone; it can be used to log in)', 40),
  billing_address: address(true, 'Billing address fields, unprefixed (first_name, country …); the e-mail address defaults to the account one'),
  shipping_address: address(false, 'Shipping address fields, unprefixed'),
});

export function registerRegisterRoute(app: FastifyInstance, runtime: Runtime, tokens: TokenService): void {
  const { registration } = runtime;

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/register',
    summary: 'Register a customer account and log it in',
    tags: ['Authentication'],
    args: Args,
    response: { 200: ref('RegisterAnswer') },
    handler: async (req, _reply, args) => {
      const user = await registration.register({
        email: args.email,
        username: args.requested_username,
        password: args.requested_password,
        firstName: args.first_name,
        lastName: args.last_name,
        phone: args.phone,
        billing: args.billing_address,
        shipping: args.shipping_address,
        locale: req.locale,
      });
      // The same answer, tokens and `cocart_login_extras` filter as login: the storefront is logged in.
      return {
        ...(await loginAnswer(req, runtime, tokens, user)),
        user_id: user.id,
        username: user.username,
        message: translator(req)('Your account was created successfully.'),
      };
    },
  });
}
