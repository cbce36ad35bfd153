import './styles.css';
import { render } from 'preact';
import { App, Notice } from './App.js';
import { joinCodeFromSearch } from './features/join-code/index.js';
import { startFrameResize } from './frame/index.js';
import { pickLocale, translator, type Locale } from './i18n/index.js';
import { decodeClaims, readSessionToken } from './session.js';

/** Boot: read the token from the fragment, pick the locale (launch claim, then browser), mount, fit the frame. */
function boot() {
  const root = document.getElementById('app')!;
  const token = readSessionToken(window.location);
  const claims = token ? decodeClaims(token) : undefined;
  const locale = pickLocale(claims?.locale, navigator.languages ?? [navigator.language]);
  const applyLocale = (l: Locale) => {
    document.documentElement.lang = l;
  };
  applyLocale(locale);
  if (!token || !claims) {
    const t = translator(locale);
    const code = joinCodeFromSearch(window.location.search);
    // A scanned join QR opens here without a token: identity must come from the LMS on this device too.
    const text = code ? t('joinCode.launchFirst', { code }) : t('app.noToken');
    render(<Notice title={t('app.name')} text={text} />, root);
  } else {
    render(<App token={token} claims={claims} initialLocale={locale} onLocale={applyLocale} />, root);
  }
  startFrameResize(window);
}

boot();
