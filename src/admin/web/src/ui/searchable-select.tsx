import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { FieldControl } from './field.tsx';
import './searchable-select.css';

/**
 * A select to type in, for long lists (countries, states, currencies, time zones): the WAI-ARIA
 * combobox pattern with a list box. Typing filters the choices (ignoring case and accents, and matching
 * the code too: "gb", "fra", "eur"); arrow keys move through them, Enter or a click chooses, Escape
 * puts back what was chosen. Leaving the box without choosing keeps the value it had: only a choice
 * from the list is ever a value. Given as a Field's control (`id`, `aria-describedby`, `aria-invalid`).
 */

export interface SelectOption {
  value: string;
  label: string;
  /** Extra words it is found by (a currency's symbol, say). */
  keywords?: string;
}

export interface SearchableSelectProps extends FieldControl {
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  /** The label of the empty value, when the value may be empty ("— None —"). */
  emptyLabel?: string;
  disabled?: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The options a query finds: codes and labels that start with it first, then the rest that contain it. */
function matches(options: readonly SelectOption[], query: string): SelectOption[] {
  const q = fold(query.trim());
  if (!q) return [...options];
  const starts: SelectOption[] = [];
  const contains: SelectOption[] = [];
  for (const o of options) {
    const label = fold(o.label);
    const code = fold(o.value);
    if (code === q || label.startsWith(q) || label.split(/[\s(/_-]+/).some((w) => w.startsWith(q))) starts.push(o);
    else if (label.includes(q) || code.includes(q) || (o.keywords && fold(o.keywords).includes(q))) contains.push(o);
  }
  return [...starts, ...contains];
}

export function SearchableSelect(props: SearchableSelectProps) {
  const { id, options, value, onChange, emptyLabel } = props;
  const all = useMemo(() => (emptyLabel === undefined ? options : [{ value: '', label: emptyLabel }, ...options]), [options, emptyLabel]);
  const chosen = all.find((o) => o.value === value);
  // An unknown stored value is shown as it is, so nothing is lost until staff choose another.
  const chosenLabel = chosen ? chosen.label : value;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const found = useMemo(() => (query === null ? all : matches(all, query)), [all, query]);
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector(`#${CSS.escape(optionId(active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  const show = () => {
    setOpen(true);
    const at = found.findIndex((o) => o.value === value);
    setActive(Math.max(0, at));
  };
  const close = () => {
    setOpen(false);
    setQuery(null);
  };
  const choose = (o: SelectOption | undefined) => {
    if (o && o.value !== value) onChange(o.value);
    close();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return show();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.min(Math.max(i + step, 0), Math.max(found.length - 1, 0)));
    } else if (e.key === 'Enter') {
      if (!open) return;
      e.preventDefault();
      choose(found[active]);
    } else if (e.key === 'Escape') {
      if (!open) return;
      e.preventDefault();
      // Escape closes this list, not a dialog around it.
      e.stopPropagation();
      close();
    } else if ((e.key === 'Home' || e.key === 'End') && open && query === null) {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : found.length - 1);
    }
  };

  return (
    <div class={`combobox${open ? ' combobox-open' : ''}`}>
      <input
        id={id}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && found.length ? optionId(active) : undefined}
        aria-describedby={props['aria-describedby']}
        aria-invalid={props['aria-invalid']}
        disabled={props.disabled}
        value={query ?? chosenLabel}
        onFocus={(e) => e.currentTarget.select()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
        onClick={() => (open ? undefined : show())}
      />
      <button type="button" class="combobox-toggle" tabIndex={-1} aria-label={t('Show the choices')} disabled={props.disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => {
          document.getElementById(id)?.focus();
          if (open) close();
          else show();
        }}>
        <span aria-hidden="true">▾</span>
      </button>
      <ul ref={list} id={listId} role="listbox" class="combobox-list" hidden={!open} aria-label={t('Choices')}>
        {open
          ? found.length
            ? found.map((o, i) => (
                <li
                  key={o.value}
                  id={optionId(i)}
                  role="option"
                  aria-selected={o.value === value}
                  class={i === active ? 'combobox-active' : undefined}
                  // Chosen on mouse down, before the input loses focus and the list closes.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(o);
                  }}
                  onMouseMove={() => setActive(i)}
                >
                  {o.label}
                </li>
              ))
            : [<li class="combobox-none" role="option" aria-disabled="true" aria-selected={false}>{t('No matches')}</li>]
          : null}
      </ul>
    </div>
  );
}
