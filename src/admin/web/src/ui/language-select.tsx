import { LANGUAGES, language, setLanguage, t, type Language } from '../i18n.ts';

/** The page's language, on the sign-in screen and in the top bar (where its label is for screen readers only). */
export function LanguageSelect(props: { hideLabel?: boolean }) {
  return (
    <label class="language">
      <span class={props.hideLabel ? 'visually-hidden' : undefined}>{t('Language')}</span>
      <select value={language()} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        {LANGUAGES.map((l) => (
          <option value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
