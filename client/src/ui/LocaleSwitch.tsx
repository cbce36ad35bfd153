import { LOCALES, type Locale } from '../i18n/index.js';
import { useApp } from './app-context.js';

export function LocaleSwitch() {
  const { t, locale, setLocale } = useApp();
  return (
    <label class="locale-switch">
      <span class="visually-hidden">{t('app.language')}</span>
      <select
        value={locale}
        onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}
        aria-label={t('app.language')}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`locale.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
