import { useEffect, useRef, useState } from 'preact/hooks';
import { signIn } from '../api.ts';
import { t } from '../i18n.ts';
import { Field } from '../ui/field.tsx';
import { LanguageSelect } from '../ui/language-select.tsx';
import { ErrorNotice } from '../ui/notice.tsx';
import { useAction } from '../ui/use-action.ts';

/** Sign-in for administrators and shop managers: username, e-mail address or phone number, and password. */
export function SignInPage() {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const signing = useAction();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = `${t('Sign in')} ‹ Cartwright`;
    first.current?.focus();
  }, []);

  // Once signed in, the dashboard replaces this screen.
  const submit = (e: Event) => {
    e.preventDefault();
    void signing.run(() => signIn(login.trim(), password));
  };

  return (
    <main class="sign-in" id="main">
      <form class="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <p class="brand">Cartwright</p>
        <h1 id="sign-in-title">{t('Sign in to the dashboard')}</h1>
        <ErrorNotice error={signing.error} />
        <Field id="login" label={t('Username, e-mail address or phone number')}>
          {(c) => <input {...c} ref={first} name="username" autocomplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />}
        </Field>
        <Field id="password" label={t('Password')}>
          {(c) => <input {...c} type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button button-primary button-block" disabled={signing.busy}>
          {signing.busy ? t('Signing in…') : t('Sign in')}
        </button>
        <LanguageSelect />
      </form>
    </main>
  );
}
