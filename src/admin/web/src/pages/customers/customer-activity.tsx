import { request } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Section } from '../../ui/page.tsx';
import { Table } from '../../ui/table.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { formatGmt, orderMoney, OrderStatusBadge, type Order } from '../orders/orders-common.tsx';
import { ExpiryBadge, formatSessionTime, listSessions } from '../sessions-common.tsx';

/** What a customer has in the store: their carts in session and their latest orders, each linked to its own screen. */

const LATEST = 5;

export function CustomerCarts(props: { customerId: number }) {
  const carts = useResource((signal) => listSessions({ customer: props.customerId, per_page: 20 }, signal), [props.customerId]);
  return (
    <Section title={t('Carts')} id="customer-carts">
      <ErrorNotice error={carts.error} onRetry={carts.reload} />
      {carts.loading && !carts.data ? <Loading /> : null}
      {carts.data ? (
        carts.data.sessions.length === 0 ? (
          <p class="customers-muted">{t('No cart in session.')}</p>
        ) : (
          <Table caption={t('Carts of this customer')}>
            <thead>
              <tr>
                <th scope="col">{t('Cart key')}</th>
                <th scope="col">{t('Created')}</th>
                <th scope="col">{t('Expires')}</th>
              </tr>
            </thead>
            <tbody>
              {carts.data.sessions.map((s) => (
                <tr key={s.cart_key}>
                  <td>
                    <a href={`/admin/sessions/${encodeURIComponent(s.cart_key)}`}>
                      <code>{s.cart_key}</code>
                    </a>
                  </td>
                  <td class="customers-nowrap">{formatSessionTime(s.cart_created)}</td>
                  <td class="customers-nowrap">
                    {formatSessionTime(s.cart_expiry)} <ExpiryBadge expiry={s.cart_expiry} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )
      ) : null}
    </Section>
  );
}

export function CustomerOrders(props: { customerId: number }) {
  const orders = useResource(
    async (signal) => {
      const res = await request<Order[]>('/wc/v3/orders', { query: { customer: props.customerId, per_page: LATEST, status: 'any' }, signal });
      return { orders: res.data, total: Number(res.headers.get('x-wp-total') ?? 0) };
    },
    [props.customerId],
  );
  const data = orders.data;
  return (
    <Section
      title={t('Orders')}
      id="customer-orders"
      actions={
        data && data.total > 0 ? (
          <a class="button" href={`/admin/orders?customer=${props.customerId}`}>
            {t('All %s orders', data.total)}
          </a>
        ) : null
      }
    >
      <ErrorNotice error={orders.error} onRetry={orders.reload} />
      {orders.loading && !data ? <Loading /> : null}
      {data ? (
        data.orders.length === 0 ? (
          <p class="customers-muted">{t('No orders yet.')}</p>
        ) : (
          <Table caption={t('Latest orders of this customer')}>
            <thead>
              <tr>
                <th scope="col">{t('Order')}</th>
                <th scope="col">{t('Date')}</th>
                <th scope="col">{t('Status')}</th>
                <th scope="col" class="num">
                  {t('Total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <a href={`/admin/orders/${o.id}`}>#{o.number}</a>
                  </td>
                  <td class="customers-nowrap">{formatGmt(o.date_created_gmt)}</td>
                  <td>
                    <OrderStatusBadge status={o.status} />
                  </td>
                  <td class="num">{orderMoney(o.total, o)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )
      ) : null}
    </Section>
  );
}
