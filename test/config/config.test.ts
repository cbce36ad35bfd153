import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../config/index.js';

describe('config', () => {
  it('fills embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http.port).to.equal(3000);
    expect(config.http.publicUrl).to.equal('http://localhost:3000');
    expect(config.mongo.url).to.equal(undefined);
    expect(config.redis.url).to.equal(undefined);
    expect(config.lti.devPlatform).to.equal(false);
    expect(config.session.secret).to.have.length(64);
    expect(config.mediasoup.numWorkers).to.be.greaterThan(0);
  });

  it('parses booleans, lists and numbers from their env spellings', () => {
    const config = loadConfig({
      DEV_PLATFORM: '1',
      PORT: '8080',
      PUBLIC_URL: 'https://seminar.example.edu/',
      TURN_URLS: 'turn:turn.example.edu:3478?transport=udp, turns:turn.example.edu:5349',
      TURN_SECRET: 'a-turn-secret-of-length',
    });
    expect(config.lti.devPlatform).to.equal(true);
    expect(config.http.port).to.equal(8080);
    expect(config.http.publicUrl).to.equal('https://seminar.example.edu');
    expect(config.turn.urls).to.deep.equal(['turn:turn.example.edu:3478?transport=udp', 'turns:turn.example.edu:5349']);
  });

  it('reads the early-warning thresholds and analytics timings, defaulting to seed 001 rules', () => {
    expect(loadConfig({}).analytics).to.deep.equal({
      flushIntervalMs: 250,
      inactivityCheckMs: 30_000,
      thresholds: { consecutiveAbsences: 2, participationRatio: 0.5, quizDropPoints: 20, inactiveMinutes: 30 },
    });
    const tuned = loadConfig({
      ALERT_CONSECUTIVE_ABSENCES: '3',
      ALERT_PARTICIPATION_RATIO: '0.4',
      ALERT_QUIZ_DROP_POINTS: '15',
      ALERT_INACTIVE_MINUTES: '20',
      ALERT_INACTIVITY_CHECK_SECONDS: '0.5',
    }).analytics;
    expect(tuned.thresholds).to.deep.equal({
      consecutiveAbsences: 3,
      participationRatio: 0.4,
      quizDropPoints: 15,
      inactiveMinutes: 20,
    });
    expect(tuned.inactivityCheckMs).to.equal(500);
    expect(() => loadConfig({ ALERT_PARTICIPATION_RATIO: '2' })).to.throw(ConfigError, /ALERT_PARTICIPATION_RATIO/);
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', MONGO_URL: 'http://nope', DEV_PLATFORM: 'maybe', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).to.match(/^PORT:/m);
    expect(problems).to.match(/^MONGO_URL: expected a mongodb/m);
    expect(problems).to.match(/^DEV_PLATFORM:/m);
    expect(problems).to.match(/^LOG_LEVEL:/m);
    expect((error as ConfigError).message).to.match(/^Invalid configuration:/);
  });

  it('never echoes secrets in the error', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short-secret' })).to.throw(
      ConfigError,
      /SESSION_SECRET: must be at least 32 characters \(got "\*\*\*"\)/,
    );
  });

  it('requires real services and secrets in production and refuses the dev platform there', () => {
    try {
      loadConfig({ NODE_ENV: 'production', DEV_PLATFORM: 'true' });
      expect.fail('production config without secrets was accepted');
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of [
        'SESSION_SECRET',
        'LTI_ENCRYPTION_KEY',
        'MONGO_URL',
        'REDIS_URL',
        'PUBLIC_URL',
        'DEV_PLATFORM',
      ]) {
        expect(problems).to.include(`${name}:`);
      }
    }
  });

  it('rejects an inverted media port range and TURN without a secret', () => {
    expect(() => loadConfig({ MEDIASOUP_RTC_MIN_PORT: '50000', MEDIASOUP_RTC_MAX_PORT: '40000' })).to.throw(
      /MEDIASOUP_RTC_MAX_PORT/,
    );
    expect(() => loadConfig({ TURN_URLS: 'turn:t.example.edu' })).to.throw(/TURN_SECRET: is required/);
  });
});
