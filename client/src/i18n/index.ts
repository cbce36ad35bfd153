import en from './en.json' with { type: 'json' };
import ko from './ko.json' with { type: 'json' };
import { translate, type Locale, type Messages, type Params } from './translate.js';

export * from './translate.js';

export const MESSAGES: Record<Locale, Messages> = { ko, en };

export type Translate = (key: string, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(MESSAGES[locale], MESSAGES.en, key, params);
}
