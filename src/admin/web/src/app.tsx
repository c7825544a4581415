import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { signOut } from './api.ts';
import { currentStaff } from './auth.ts';
import { t } from './i18n.ts';
import { ActionPage } from './pages/action.tsx';
import { ActionsPage } from './pages/actions.tsx';
import { CouponsPage } from './pages/catalogue/coupons.tsx';
import { NewProductPage, ProductPage } from './pages/catalogue/product.tsx';
import { CustomerPage } from './pages/customers/customer.tsx';
import { CustomersPage } from './pages/customers/customers.tsx';
import { ProductsPage } from './pages/catalogue/products.tsx';
import { ShippingZonesPage } from './pages/catalogue/shipping-zones.tsx';
import { TaxRatesPage } from './pages/catalogue/tax-rates.tsx';
import { AttributesPage, AttributeTermsPage, BrandsPage, CategoriesPage, TagsPage } from './pages/catalogue/taxonomies.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OrderPage } from './pages/orders/order.tsx';
import { OrdersPage } from './pages/orders/orders.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { PaymentsPage } from './pages/payments.tsx';
import { SessionPage } from './pages/session.tsx';
import { SessionsPage } from './pages/sessions.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { StatusPage } from './pages/status.tsx';
import { UpdateNotice } from './pages/update-notice.tsx';
import { UpdatePage } from './pages/update.tsx';
import { WebhookPage } from './pages/webhooks/webhook.tsx';
import { WebhooksPage } from './pages/webhooks/webhooks.tsx';
import { LanguageSelect } from './ui/language-select.tsx';

/** Where each screen lives, and the menu that reaches them (in this order). */
const MENU: { href: string; label: () => string; group?: () => string }[] = [
  { href: '/admin/', label: () => t('Overview') },
  { href: '/admin/orders', label: () => t('Orders') },
  { href: '/admin/customers', label: () => t('Customers') },
  { href: '/admin/sessions', label: () => t('Sessions') },
  { href: '/admin/actions', label: () => t('Scheduled actions') },
  { href: '/admin/products', label: () => t('Products'), group: () => t('Catalogue') },
  { href: '/admin/categories', label: () => t('Categories'), group: () => t('Catalogue') },
  { href: '/admin/brands', label: () => t('Brands'), group: () => t('Catalogue') },
  { href: '/admin/tags', label: () => t('Tags'), group: () => t('Catalogue') },
  { href: '/admin/attributes', label: () => t('Attributes'), group: () => t('Catalogue') },
  { href: '/admin/coupons', label: () => t('Coupons'), group: () => t('Catalogue') },
  { href: '/admin/tax-rates', label: () => t('Tax rates'), group: () => t('Catalogue') },
  { href: '/admin/shipping-zones', label: () => t('Shipping zones'), group: () => t('Catalogue') },
  { href: '/admin/payments', label: () => t('Payments') },
  { href: '/admin/settings', label: () => t('Settings') },
  { href: '/admin/webhooks', label: () => t('Webhooks') },
  { href: '/admin/status', label: () => t('System status') },
];

export function App() {
  return (
    <LocationProvider scope="/admin">
      {currentStaff() ? <Dashboard /> : <SignInPage />}
    </LocationProvider>
  );
}

function Dashboard() {
  return (
    <div class="layout">
      <a class="skip-link" href="#main">
        {t('Skip to content')}
      </a>
      <Header />
      <div class="layout-body">
        <Navigation />
        <main id="main" tabIndex={-1}>
          <UpdateNotice />
          <ErrorBoundary>
            <Router>
              <Route path="/admin" component={OverviewPage} />
              <Route path="/admin/update" component={UpdatePage} />
              <Route path="/admin/orders" component={OrdersPage} />
              <Route path="/admin/orders/:id" component={OrderPage} />
              <Route path="/admin/customers" component={CustomersPage} />
              <Route path="/admin/customers/:id" component={CustomerPage} />
              <Route path="/admin/sessions" component={SessionsPage} />
              <Route path="/admin/sessions/:key" component={SessionPage} />
              <Route path="/admin/actions" component={ActionsPage} />
              <Route path="/admin/actions/:id" component={ActionPage} />
              <Route path="/admin/products" component={ProductsPage} />
              <Route path="/admin/products/new" component={NewProductPage} />
              <Route path="/admin/products/:id" component={ProductPage} />
              <Route path="/admin/categories" component={CategoriesPage} />
              <Route path="/admin/brands" component={BrandsPage} />
              <Route path="/admin/tags" component={TagsPage} />
              <Route path="/admin/attributes" component={AttributesPage} />
              <Route path="/admin/attributes/:id" component={AttributeTermsPage} />
              <Route path="/admin/coupons" component={CouponsPage} />
              <Route path="/admin/tax-rates" component={TaxRatesPage} />
              <Route path="/admin/shipping-zones" component={ShippingZonesPage} />
              <Route path="/admin/payments" component={PaymentsPage} />
              <Route path="/admin/settings" component={SettingsPage} />
              <Route path="/admin/webhooks" component={WebhooksPage} />
              <Route path="/admin/webhooks/:id" component={WebhookPage} />
              <Route path="/admin/status" component={StatusPage} />
              <Route default component={NotFoundPage} />
            </Router>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

function Header() {
  const staff = currentStaff()!;
  return (
    <header class="topbar">
      <a class="brand" href="/admin/">
        Cartwright
      </a>
      <div class="topbar-tools">
        <LanguageSelect hideLabel />
        <span class="whoami" title={staff.email}>
          {staff.name} <span class="whoami-role">({staff.role === 'administrator' ? t('Administrator') : t('Shop manager')})</span>
        </span>
        <button type="button" class="button" onClick={() => void signOut()}>
          {t('Sign out')}
        </button>
      </div>
    </header>
  );
}

function Navigation() {
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  // The phone menu closes once a screen is chosen.
  useEffect(() => setOpen(false), [path]);
  const current = (href: string) => (href === '/admin/' ? path === '/admin' || path === '/admin/' : path === href || path.startsWith(`${href}/`));
  let lastGroup: string | undefined;
  return (
    <nav class={`sidebar${open ? ' sidebar-open' : ''}`} aria-label={t('Main menu')}>
      <button type="button" class="button menu-toggle" aria-expanded={open} aria-controls="menu" onClick={() => setOpen(!open)}>
        {t('Menu')}
      </button>
      <ul id="menu">
        {MENU.map((item) => {
          const group = item.group?.();
          const heading = group && group !== lastGroup ? <li class="menu-group" aria-hidden="true">{group}</li> : null;
          lastGroup = group;
          return (
            <>
              {heading}
              <li>
                <a href={item.href} aria-current={current(item.href) ? 'page' : undefined} class={group ? 'menu-sub' : undefined}>
                  {item.label()}
                </a>
              </li>
            </>
          );
        })}
      </ul>
    </nav>
  );
}
