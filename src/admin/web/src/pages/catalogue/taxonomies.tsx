import { useRoute } from 'preact-iso';
import { api } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useFormFrom } from '../../ui/use-form-from.ts';
import { useResource, type Resource } from '../../ui/use-resource.ts';
import { swap, type StoreAttribute } from './attributes-editor.tsx';
import { imageBody, ImagePicker, type ImageRef } from './image-picker.tsx';
import { fetchAll, plainText, useEditorList, useFieldErrors, useFocusFirstInvalid, useFocusOn } from './shared.ts';
import { DeleteDialog, DoneNotice, RowButton } from './shared-ui.tsx';
import { categoryTree } from './term-pickers.tsx';
import './catalogue.css';

/**
 * The catalogue's terms: categories and brands (trees, each with a description and an image), tags, and the
 * store's attributes with their terms, each listed, added, edited and deleted through wc/v3, the
 * editor opened from the address (`?edit=new`, `?edit=<id>`). Categories and attribute terms are put
 * in order with Move up and Move down, which renumber their `menu_order` in one batch.
 */

interface Term {
  id: number;
  name: string;
  slug: string;
  description: string;
  count: number;
  parent?: number;
  menu_order?: number;
  image?: ImageRef | null;
}

/** What differs between the screens of categories, brands, tags and an attribute's terms. */
interface TermScreen {
  title: string;
  /** The wc/v3 collection. */
  path: string;
  hierarchical?: boolean;
  ordered?: boolean;
  withImage?: boolean;
  labels: {
    add: string;
    /** A hierarchical taxonomy's parent field. */
    parent?: string;
    editTitle: (name: string) => string;
    created: (name: string) => string;
    saved: (name: string) => string;
    deleted: (name: string) => string;
    deleteTitle: (name: string) => string;
    deleteWarning: string;
    empty: string;
  };
  back?: { href: string; label: string };
}

/** Terms in the order their screen shows them: a tree for categories and brands, menu order for attribute terms, names for tags. */
function ordered(screen: TermScreen, terms: Term[]): { term: Term; depth: number }[] {
  if (screen.hierarchical) {
    return categoryTree(terms.map((c) => ({ ...c, parent: c.parent ?? 0, menu_order: c.menu_order ?? 0, image: null }))).map(({ category, depth }) => ({
      term: terms.find((x) => x.id === category.id)!,
      depth,
    }));
  }
  const list = [...terms];
  if (screen.ordered) list.sort((a, b) => (a.menu_order ?? 0) - (b.menu_order ?? 0) || a.name.localeCompare(b.name));
  return list.map((term) => ({ term, depth: 0 }));
}

function TermsScreen(props: { screen: TermScreen }) {
  const { screen } = props;
  const [q, setQ] = useQueryState({ page: '1', edit: '' });
  const list = useResource((signal) => fetchAll<Term>(screen.path, { orderby: 'name' }, signal), [screen.path]);
  const editor = useEditorList<Term>({ q, setQ, reload: list.reload, path: (term) => `${screen.path}/${term.id}`, deletedMessage: (term) => screen.labels.deleted(term.name) });
  const reorder = useAction();
  const rows = list.data ? ordered(screen, list.data) : [];

  /** Moves a term before or after its neighbour among its siblings, and numbers the siblings 0, 1, 2 … */
  const move = async (term: Term, by: -1 | 1) => {
    const siblings = rows.map((r) => r.term).filter((x) => (x.parent ?? 0) === (term.parent ?? 0));
    const i = siblings.findIndex((x) => x.id === term.id);
    if (i + by < 0 || i + by >= siblings.length) return;
    const next = swap(siblings, i, i + by);
    const update = next.map((x, order) => ({ id: x.id, menu_order: order })).filter((x) => x.menu_order !== siblings.find((s) => s.id === x.id)!.menu_order);
    const answer = await reorder.run(() => api<{ update: { error?: { message: string } }[] }>(`${screen.path}/batch`, { method: 'POST', body: { update } }));
    if (!answer) return;
    editor.setDone(t('“%s” moved.', term.name));
    list.reload();
  };

  return (
    <Page
      title={screen.title}
      actions={
        <>
          {screen.back ? (
            <a class="button" href={screen.back.href}>
              {screen.back.label}
            </a>
          ) : null}
          <button type="button" class="button button-primary" onClick={() => editor.openEditor('new')} disabled={q.edit === 'new'}>
            {screen.labels.add}
          </button>
        </>
      }
    >
      <DoneNotice message={editor.done} onDismiss={() => editor.setDone(undefined)} />
      {q.edit ? <TermEditor key={q.edit} screen={screen} edit={q.edit} all={list} onClose={editor.closeEditor} /> : null}
      <ErrorNotice error={reorder.error} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && rows.length === 0 ? <p class="cat-empty">{screen.labels.empty}</p> : null}
      {rows.length ? (
        <div aria-busy={list.loading || reorder.busy}>
          <Table caption={screen.title}>
            <thead>
              <tr>
                <th scope="col">{t('Name')}</th>
                <th scope="col">{t('Slug')}</th>
                <th scope="col" class="num">
                  {t('Products')}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{t('Actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ term, depth }) => {
                const siblings = rows.filter((r) => (r.term.parent ?? 0) === (term.parent ?? 0)).map((r) => r.term.id);
                const position = siblings.indexOf(term.id);
                return (
                  <tr key={term.id}>
                    <td style={{ paddingInlineStart: `${0.75 + depth * 1.25}rem` }}>
                      <span class="cat-term-name">
                        {screen.withImage && term.image ? <img src={term.image.src} alt="" width={32} height={32} loading="lazy" /> : null}
                        <strong>{depth ? `— ${term.name}` : term.name}</strong>
                      </span>
                      {term.description ? <div class="cat-muted cat-small">{plainText(term.description)}</div> : null}
                    </td>
                    <td>
                      <code>{term.slug}</code>
                    </td>
                    <td class="num">{formatNumber(term.count)}</td>
                    <td>
                      <div class="cat-row-actions">
                        {screen.ordered || screen.hierarchical ? (
                          <>
                            <RowButton label={t('Move up')} name={term.name} disabled={position === 0 || reorder.busy} onClick={() => void move(term, -1)} />
                            <RowButton label={t('Move down')} name={term.name} disabled={position === siblings.length - 1 || reorder.busy} onClick={() => void move(term, 1)} />
                          </>
                        ) : null}
                        <RowButton label={t('Edit')} name={term.name} onClick={() => editor.openEditor(String(term.id))} />
                        <RowButton label={t('Delete')} name={term.name} danger onClick={() => editor.askDelete(term)} />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      ) : null}
      <DeleteDialog
        open={editor.deleting !== undefined}
        title={screen.labels.deleteTitle(editor.deleting?.name ?? '')}
        confirmLabel={t('Delete')}
        deletion={editor.deletion}
        onConfirm={() => void editor.confirmDelete()}
        onCancel={editor.cancelDelete}
      >
        <p>{screen.labels.deleteWarning}</p>
      </DeleteDialog>
    </Page>
  );
}

interface TermForm {
  name: string;
  slug: string;
  description: string;
  parent: string;
  image: ImageRef[];
}

function TermEditor(props: { screen: TermScreen; edit: string; all: Resource<Term[]>; onClose: (message?: string) => void }) {
  const { screen } = props;
  const creating = props.edit === 'new';
  const existing = creating ? undefined : props.all.data?.find((x) => String(x.id) === props.edit);
  const [form, setForm] = useFormFrom<Term, TermForm>(
    existing,
    (x) => ({ name: x.name, slug: x.slug, description: x.description, parent: String(x.parent ?? 0), image: x.image ? [x.image] : [] }),
    { name: '', slug: '', description: '', parent: '0', image: [] },
  );
  const save = useAction();
  const errors = useFieldErrors(save.error, { term_exists: 'name', empty_term_name: 'name', duplicate_term_slug: 'slug', missing_parent: 'parent' });
  const formRef = useFocusFirstInvalid(errors);
  const heading = useFocusOn<HTMLHeadingElement>(props.edit);
  const set = (changes: Partial<TermForm>) => setForm((f) => ({ ...f, ...changes }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { name: form.name, description: form.description, ...(form.slug.trim() ? { slug: form.slug.trim() } : {}) };
    if (screen.hierarchical) body.parent = Number(form.parent);
    if (screen.withImage) body.image = form.image.length ? imageBody(form.image[0]) : null;
    const saved = await save.run(() => api<Term>(creating ? screen.path : `${screen.path}/${props.edit}`, { method: creating ? 'POST' : 'PUT', body }));
    if (saved) props.onClose(creating ? screen.labels.created(saved.name) : screen.labels.saved(saved.name));
  };

  const parents = (props.all.data ?? []).filter((c) => c.id !== existing?.id);
  return (
    <section class="card cat-editor" aria-labelledby="term-editor-title">
      <div class="card-head">
        <h2 id="term-editor-title" ref={heading} tabIndex={-1}>
          {creating ? screen.labels.add : screen.labels.editTitle(existing?.name ?? '')}
        </h2>
      </div>
      {!creating && !existing && props.all.loading ? <Loading /> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        <ErrorNotice error={save.error} />
        <div class="form-grid">
          <Field id="term-name" label={t('Name')} error={errors.name}>
            {(c) => <input {...c} required value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
          </Field>
          <Field id="term-slug" label={t('Slug')} hint={t('Empty: made from the name.')} error={errors.slug}>
            {(c) => <input {...c} autocomplete="off" spellcheck={false} value={form.slug} onInput={(e) => set({ slug: e.currentTarget.value })} />}
          </Field>
          {screen.hierarchical ? (
            <Field id="term-parent" label={screen.labels.parent ?? t('Parent category')} error={errors.parent}>
              {(c) => (
                <select {...c} value={form.parent} onChange={(e) => set({ parent: e.currentTarget.value })}>
                  <option value="0">{t('None')}</option>
                  {categoryTree(parents.map((x) => ({ ...x, parent: x.parent ?? 0, menu_order: x.menu_order ?? 0, image: null }))).map(({ category, depth }) => (
                    <option value={String(category.id)}>{`${'— '.repeat(depth)}${category.name}`}</option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
        <Field id="term-description" label={t('Description')} error={errors.description}>
          {(c) => <textarea {...c} rows={3} value={form.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
        </Field>
        {screen.withImage ? <ImagePicker idPrefix="term-image" label={t('Image')} single images={form.image} onChange={(image) => set({ image })} /> : null}
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.busy}>
            {save.busy ? t('Saving…') : t('Save')}
          </button>
          <button type="button" class="button" onClick={() => props.onClose()}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function CategoriesPage() {
  return (
    <TermsScreen
      screen={{
        title: t('Categories'),
        path: '/wc/v3/products/categories',
        hierarchical: true,
        withImage: true,
        labels: {
          add: t('Add category'),
          editTitle: (name) => t('Edit category “%s”', name),
          created: (name) => t('Category “%s” created.', name),
          saved: (name) => t('Category “%s” saved.', name),
          deleted: (name) => t('Category “%s” deleted.', name),
          deleteTitle: (name) => t('Delete category “%s”?', name),
          deleteWarning: t('Its products stay, without this category; its subcategories move up to its parent. This cannot be undone.'),
          empty: t('No categories yet.'),
        },
      }}
    />
  );
}

export function BrandsPage() {
  return (
    <TermsScreen
      screen={{
        title: t('Brands'),
        path: '/wc/v3/products/brands',
        hierarchical: true,
        withImage: true,
        labels: {
          add: t('Add brand'),
          parent: t('Parent brand'),
          editTitle: (name) => t('Edit brand “%s”', name),
          created: (name) => t('Brand “%s” created.', name),
          saved: (name) => t('Brand “%s” saved.', name),
          deleted: (name) => t('Brand “%s” deleted.', name),
          deleteTitle: (name) => t('Delete brand “%s”?', name),
          deleteWarning: t('Its products stay, without this brand; its sub-brands move up to its parent. This cannot be undone.'),
          empty: t('No brands yet.'),
        },
      }}
    />
  );
}

export function TagsPage() {
  return (
    <TermsScreen
      screen={{
        title: t('Tags'),
        path: '/wc/v3/products/tags',
        labels: {
          add: t('Add tag'),
          editTitle: (name) => t('Edit tag “%s”', name),
          created: (name) => t('Tag “%s” created.', name),
          saved: (name) => t('Tag “%s” saved.', name),
          deleted: (name) => t('Tag “%s” deleted.', name),
          deleteTitle: (name) => t('Delete tag “%s”?', name),
          deleteWarning: t('Its products stay, without this tag. This cannot be undone.'),
          empty: t('No tags yet.'),
        },
      }}
    />
  );
}

export function AttributeTermsPage() {
  const { params } = useRoute();
  const attribute = useResource((signal) => api<StoreAttribute>(`/wc/v3/products/attributes/${params.id}`, { signal }), [params.id]);
  if (!attribute.data) {
    return (
      <Page title={t('Attribute terms')}>
        <ErrorNotice error={attribute.error} onRetry={attribute.reload} />
        {attribute.loading ? <Loading /> : null}
      </Page>
    );
  }
  const name = attribute.data.name;
  return (
    <TermsScreen
      screen={{
        title: t('Terms of %s', name),
        path: `/wc/v3/products/attributes/${attribute.data.id}/terms`,
        ordered: true,
        back: { href: '/admin/attributes', label: t('All attributes') },
        labels: {
          add: t('Add term'),
          editTitle: (term) => t('Edit term “%s”', term),
          created: (term) => t('Term “%s” created.', term),
          saved: (term) => t('Term “%s” saved.', term),
          deleted: (term) => t('Term “%s” deleted.', term),
          deleteTitle: (term) => t('Delete term “%s”?', term),
          deleteWarning: t('Products lose this value, and variations made with it match any value. This cannot be undone.'),
          empty: t('No terms yet.'),
        },
      }}
    />
  );
}

interface AttributeRow extends StoreAttribute {
  order_by: 'menu_order' | 'name' | 'name_num' | 'id';
  has_archives: boolean;
}

const orderByLabel = (v: string): string => ({ menu_order: t('Custom order'), name: t('Name'), name_num: t('Name (numeric)'), id: t('Term ID') })[v] ?? v;

/** The store's attributes (wc/v3/products/attributes): name, slug, how their terms are sorted; each with a link to its terms. */
export function AttributesPage() {
  const [q, setQ] = useQueryState({ page: '1', edit: '' });
  const list = useResource((signal) => api<AttributeRow[]>('/wc/v3/products/attributes', { signal }), []);
  const editor = useEditorList<AttributeRow>({ q, setQ, reload: list.reload, path: (a) => `/wc/v3/products/attributes/${a.id}`, deletedMessage: (a) => t('Attribute “%s” deleted.', a.name) });
  return (
    <Page
      title={t('Attributes')}
      actions={
        <button type="button" class="button button-primary" onClick={() => editor.openEditor('new')} disabled={q.edit === 'new'}>
          {t('Add attribute')}
        </button>
      }
    >
      <DoneNotice message={editor.done} onDismiss={() => editor.setDone(undefined)} />
      {q.edit ? <AttributeEditor key={q.edit} edit={q.edit} all={list.data} onClose={editor.closeEditor} /> : null}
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p class="cat-empty">{t('No attributes yet.')}</p> : null}
      {list.data?.length ? (
        <Table caption={t('Attributes')}>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Slug')}</th>
              <th scope="col">{t('Terms sorted by')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/attributes/${a.id}`}>
                    <strong>{a.name}</strong>
                  </a>
                </td>
                <td>
                  <code>{a.slug}</code>
                </td>
                <td>{orderByLabel(a.order_by)}</td>
                <td>
                  <div class="cat-row-actions">
                    <a class="button" href={`/admin/attributes/${a.id}`}>
                      {t('Terms')}
                      <span class="visually-hidden"> {a.name}</span>
                    </a>
                    <RowButton label={t('Edit')} name={a.name} onClick={() => editor.openEditor(String(a.id))} />
                    <RowButton label={t('Delete')} name={a.name} danger onClick={() => editor.askDelete(a)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <DeleteDialog
        open={editor.deleting !== undefined}
        title={t('Delete attribute “%s”?', editor.deleting?.name ?? '')}
        confirmLabel={t('Delete')}
        deletion={editor.deletion}
        onConfirm={() => void editor.confirmDelete()}
        onCancel={editor.cancelDelete}
      >
        <p>{t('Its terms are deleted too, and products lose it. This cannot be undone.')}</p>
      </DeleteDialog>
    </Page>
  );
}

function AttributeEditor(props: { edit: string; all: AttributeRow[] | undefined; onClose: (message?: string) => void }) {
  const creating = props.edit === 'new';
  const existing = props.all?.find((a) => String(a.id) === props.edit);
  const [form, setForm] = useFormFrom(
    existing,
    (a) => ({ name: a.name, slug: a.slug.replace(/^pa_/, ''), order_by: a.order_by, has_archives: a.has_archives }),
    { name: '', slug: '', order_by: 'menu_order', has_archives: false },
  );
  const save = useAction();
  const errors = useFieldErrors(save.error, { woocommerce_rest_cannot_create: 'slug', woocommerce_rest_cannot_edit: 'slug' });
  const formRef = useFocusFirstInvalid(errors);
  const heading = useFocusOn<HTMLHeadingElement>(props.edit);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { name: form.name, order_by: form.order_by, has_archives: form.has_archives, ...(form.slug.trim() ? { slug: form.slug.trim() } : {}) };
    const saved = await save.run(() => api<AttributeRow>(creating ? '/wc/v3/products/attributes' : `/wc/v3/products/attributes/${props.edit}`, { method: creating ? 'POST' : 'PUT', body }));
    if (saved) props.onClose(creating ? t('Attribute “%s” created.', saved.name) : t('Attribute “%s” saved.', saved.name));
  };
  return (
    <section class="card cat-editor" aria-labelledby="attribute-editor-title">
      <div class="card-head">
        <h2 id="attribute-editor-title" ref={heading} tabIndex={-1}>
          {creating ? t('Add attribute') : t('Edit attribute “%s”', existing?.name ?? '')}
        </h2>
      </div>
      <form ref={formRef} onSubmit={submit} noValidate>
        <ErrorNotice error={save.error} />
        <div class="form-grid">
          <Field id="attribute-name" label={t('Name')} error={errors.name}>
            {(c) => <input {...c} required value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
          </Field>
          <Field id="attribute-slug" label={t('Slug')} hint={t('Empty: made from the name. At most 28 characters.')} error={errors.slug}>
            {(c) => <input {...c} autocomplete="off" spellcheck={false} value={form.slug} onInput={(e) => set({ slug: e.currentTarget.value })} />}
          </Field>
          <Field id="attribute-order-by" label={t('Terms sorted by')} error={errors.order_by}>
            {(c) => (
              <select {...c} value={form.order_by} onChange={(e) => set({ order_by: e.currentTarget.value })}>
                {(['menu_order', 'name', 'name_num', 'id'] as const).map((v) => (
                  <option value={v}>{orderByLabel(v)}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field id="attribute-archives" label={t('Enable archives (a page listing its products)')} inline error={errors.has_archives}>
          {(c) => <input {...c} type="checkbox" checked={form.has_archives} onChange={(e) => set({ has_archives: e.currentTarget.checked })} />}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.busy}>
            {save.busy ? t('Saving…') : t('Save')}
          </button>
          <button type="button" class="button" onClick={() => props.onClose()}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
