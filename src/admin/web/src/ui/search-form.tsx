import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.ts';

/** A search box that searches on submit (Enter or the button), as WordPress's list screens do. */
export function SearchForm(props: { value: string; label: string; onSearch: (term: string) => void; id?: string }) {
  const [term, setTerm] = useState(props.value);
  useEffect(() => setTerm(props.value), [props.value]);
  const id = props.id ?? 'search';
  return (
    <form
      class="search-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(term.trim());
      }}
    >
      <label for={id} class="visually-hidden">
        {props.label}
      </label>
      <input id={id} type="search" value={term} placeholder={props.label} onInput={(e) => setTerm(e.currentTarget.value)} />
      <button type="submit" class="button">
        {t('Search')}
      </button>
    </form>
  );
}
