import { render } from 'preact';
import { App } from './app.tsx';
import { onStaffChange } from './auth.ts';
import { language, onLanguageChange } from './i18n.ts';
import './styles.css';

const root = document.getElementById('app')!;
// A new language re-renders every screen in it; signing in or out swaps sign-in and the dashboard.
const draw = () => render(<App key={language()} />, root);
onLanguageChange(draw);
onStaffChange(draw);
draw();
