import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, signIn } from '../api.ts';
import { LANGUAGES, language, setLanguage, t, type Language } from '../i18n.ts';
import { Field } from '../ui/field.tsx';
import { ErrorNotice } from '../ui/notice.tsx';

/** Sign-in for administrators and shop managers: username, e-mail address or phone number, and password. */
export function SignInPage() {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = `${t('Sign in')} ‹ Cartwright`;
    first.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(login.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'cartwright_client_error', String(err)));
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <form class="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <p class="brand">Cartwright</p>
        <h1 id="sign-in-title">{t('Sign in to the dashboard')}</h1>
        <ErrorNotice error={error} />
        <Field id="login" label={t('Username, e-mail address or phone number')}>
          {(c) => <input {...c} ref={first} name="username" autocomplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />}
        </Field>
        <Field id="password" label={t('Password')}>
          {(c) => <input {...c} type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('Signing in…') : t('Sign in')}
        </button>
        <label class="language">
          <span>{t('Language')}</span>
          <select value={language()} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
            {LANGUAGES.map((l) => (
              <option value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </form>
    </main>
  );
}
