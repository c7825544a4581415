import { avatarUrls } from '../../api/avatars.ts';
import type { User } from '../../customers/types.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { links, type WcContext } from './context.ts';
import { addressJson } from './orders-json.ts';

/**
 * A customer as WooCommerce's REST API v3 shapes one (`GET /wc/v3/customers/<id>`, and the payload of
 * the `customer.*` webhooks): dates in the store's zone and in GMT, both addresses with every field
 * (billing with its e-mail address), and the Gravatar at WordPress's default size. Users keep no meta
 * of their own here, so `meta_data` is empty.
 */

/** What is known of a customer beside the user row. */
export interface CustomerFacts {
  /** Whether any order of theirs was ever paid. */
  isPayingCustomer: boolean;
}

export function customerJson(c: WcContext, user: User, facts: CustomerFacts): JsonObject {
  return {
    id: user.id,
    date_created: c.date(user.createdAt),
    date_created_gmt: c.dateGmt(user.createdAt),
    date_modified: c.date(user.modifiedAt),
    date_modified_gmt: c.dateGmt(user.modifiedAt),
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    username: user.username,
    billing: addressJson(user.billing, true),
    shipping: addressJson(user.shipping, false),
    is_paying_customer: facts.isPayingCustomer,
    avatar_url: avatarUrls(user.email)['96'],
    meta_data: [],
    _links: links(`${c.root}/customers/${user.id}`, `${c.root}/customers`),
  };
}
