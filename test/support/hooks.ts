import { stopSharedServices } from './services.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(20_000);
    await stopSharedServices();
  },
};
