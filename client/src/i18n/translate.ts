/** Message lookup and locale choice (pure; the JSON files are loaded by i18n/index.ts). */
export type Locale = 'ko' | 'en';
export const LOCALES: readonly Locale[] = ['ko', 'en'];
export type Messages = Record<string, string>;
export type Params = Record<string, string | number>;

/**
 * `{name}` placeholders are replaced from params; a missing key falls back, then shows the key itself. A `count`
 * of 1 takes the `<key>.one` form where the language has one ("1 response", not "1 responses").
 */
export function translate(messages: Messages, fallback: Messages, key: string, params: Params = {}): string {
  const table = messages[key] === undefined ? fallback : messages;
  const template = (params.count === 1 ? table[`${key}.one`] : undefined) ?? table[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** The launch locale (token claim, e.g. `ko-KR`) wins, then the browser's languages, then English. */
export function pickLocale(claimLocale: string | undefined, browserLanguages: readonly string[]): Locale {
  for (const tag of [claimLocale, ...browserLanguages]) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (base && (LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}
