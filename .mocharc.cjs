// One mocha run covers unit, integration (real Redis, Mongo-wire store, mediasoup) and Playwright e2e tests.
module.exports = {
  'node-option': ['import=tsx'],
  require: ['test/support/hooks.ts'],
  spec: ['test/**/*.test.ts'],
  reporter: 'test/support/summary-reporter.cjs',
  timeout: 30000,
  exit: true,
};
