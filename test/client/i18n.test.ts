import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { GRADE_SYNC_STATES } from '../../client/src/api/index.js';
import { MESSAGES, pickLocale, translate, translator } from '../../client/src/i18n/index.js';

const SRC = path.resolve('client/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'media' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Every literal key the UI asks for: t('key'), and notice/i18n keys written as 'area.name' literals. */
function literalKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\bt\(\s*'([\w.]+)'/g)) keys.add(m[1]!);
    for (const m of code.matchAll(/'((?:live|prejoin\.error|errors)\.[\w.]+)'/g)) keys.add(m[1]!);
  }
  return keys;
}

describe('client i18n', () => {
  it('has the same keys in Korean and English, none empty', () => {
    expect(Object.keys(MESSAGES.ko).sort()).to.deep.equal(Object.keys(MESSAGES.en).sort());
    for (const locale of ['ko', 'en'] as const)
      for (const [key, value] of Object.entries(MESSAGES[locale])) expect(value, `${locale}:${key}`).to.not.equal('');
  });

  it('defines every message key the source code uses', () => {
    const keys = literalKeys();
    expect(keys.size).to.be.greaterThan(100);
    const missing = [...keys].filter((k) => !(k in MESSAGES.en));
    expect(missing).to.deep.equal([]);
  });

  it('defines the keys built at run time (roles, connection states, session states, error codes)', () => {
    const dynamic = [
      ...['instructor', 'ta', 'learner', 'observer'].map((r) => `role.${r}`),
      ...['connecting', 'reconnecting', 'offline', 'unauthorized', 'refused', 'locked'].map((c) => `connection.${c}`),
      ...['scheduled', 'live', 'completed'].map((s) => `session.status.${s}`),
      ...['checking', 'good', 'fair', 'poor', 'offline'].map((n) => `prejoin.network.${n}`),
      ...GRADE_SYNC_STATES.map((s) => `gradeSync.state.${s}`),
      ...['VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'TIMEOUT'].map(
        (c) => `errors.${c}`,
      ),
      'locale.ko',
      'locale.en',
    ];
    expect(dynamic.filter((k) => !(k in MESSAGES.en) || !(k in MESSAGES.ko))).to.deep.equal([]);
  });

  it('fills placeholders and falls back to English, then to the key', () => {
    expect(translate({ hi: '{name}님 안녕하세요' }, {}, 'hi', { name: '김' })).to.equal('김님 안녕하세요');
    expect(translate({}, { only: 'English {n}' }, 'only', { n: 2 })).to.equal('English 2');
    expect(translate({}, {}, 'missing.key')).to.equal('missing.key');
    expect(translate({ a: '{x} and {y}' }, {}, 'a', { x: 1 })).to.equal('1 and {y}');
    expect(translator('ko')('prejoin.join')).to.equal('세미나 참여');
  });

  it('takes the singular form for a count of 1 where the language has one', () => {
    const en = translator('en');
    expect(en('poll.responses', { count: 1, rate: 100 })).to.equal('1 response (100%)');
    expect(en('poll.responses', { count: 2, rate: 100 })).to.equal('2 responses (100%)');
    expect(en('chat.replies', { count: 1 })).to.equal('1 reply');
    expect(translator('ko')('poll.responses', { count: 1, rate: 50 })).to.equal('응답 1명 (50%)');
    expect(translate({}, { n: '{count} things', 'n.one': 'one thing' }, 'n', { count: 1 })).to.equal('one thing');
    expect(translate({ n: '{count}개' }, { 'n.one': 'one thing' }, 'n', { count: 1 })).to.equal('1개');
  });

  it('picks the launch locale first, then the browser languages, then English', () => {
    expect(pickLocale('ko-KR', ['en-US'])).to.equal('ko');
    expect(pickLocale('en_GB', ['ko'])).to.equal('en');
    expect(pickLocale('fr-FR', ['de', 'ko-KR'])).to.equal('ko');
    expect(pickLocale(undefined, ['ja'])).to.equal('en');
  });
});
