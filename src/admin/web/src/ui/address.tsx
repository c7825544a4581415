import { countryName, t } from '../i18n.ts';

/**
 * A postal address as WooCommerce writes it by default (name, company, street, city, state and postcode
 * each on its own line, the country by name), with its e-mail and phone under it; `empty` when it has
 * nothing. `values` holds the fields by name, each after `prefix` (`billing_city` in a cart, `city` in
 * an order).
 */
export function Address(props: { values: Record<string, string | undefined>; prefix?: string; empty: string }) {
  const v = (field: string) => (props.values[`${props.prefix ?? ''}${field}`] ?? '').trim();
  const lines = [
    [v('first_name'), v('last_name')].filter(Boolean).join(' '),
    v('company'),
    v('address_1'),
    v('address_2'),
    v('city'),
    v('state'),
    v('postcode'),
    countryName(v('country')),
  ].filter(Boolean);
  const email = v('email');
  const phone = v('phone');
  if (!lines.length && !email && !phone) return <p class="address-empty">{props.empty}</p>;
  return (
    <>
      {lines.length ? (
        <address class="address">
          {lines.map((line, i) => (
            <>
              {i ? <br /> : null}
              {line}
            </>
          ))}
        </address>
      ) : null}
      {email || phone ? (
        <dl class="facts address-contact">
          {email ? (
            <>
              <dt>{t('E-mail')}</dt>
              <dd>
                <a href={`mailto:${email}`}>{email}</a>
              </dd>
            </>
          ) : null}
          {phone ? (
            <>
              <dt>{t('Phone')}</dt>
              <dd>{phone}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </>
  );
}
