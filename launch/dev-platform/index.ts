import { Router } from 'express';
import type { Registration } from '../registrations.js';
import { oidcRouter } from './oidc.js';
import { pagesRouter } from './pages.js';
import { registrationRouter } from './registration.js';
import { DEV_CLIENT_ID, DEV_DEPLOYMENT_ID, DevPlatformState, type DevUrls } from './platform.js';
import { servicesRouter } from './services.js';

export {
  DEV_CLIENT_ID,
  DEV_DEPLOYMENT_ID,
  DevPlatformState,
  type DevUrls,
  type LineItem,
  type Score,
} from './platform.js';
export type { DemoUser, DemoLink } from './demo-course.js';
export { generateSigningKey, type SigningKey } from './keys.js';

export interface DevPlatform {
  router: Router;
  state: DevPlatformState;
  registration(): Registration;
}

/**
 * The built-in LTI 1.3 platform, mounted at /dev-lms when DEV_PLATFORM=1 and never in production. `urls` is
 * read on each request because the tool learns its port only when it listens.
 */
export function createDevPlatform(urls: () => DevUrls): DevPlatform {
  const state = new DevPlatformState(urls);
  const router = Router();
  router.use(oidcRouter(state));
  router.use(servicesRouter(state));
  router.use(registrationRouter(state));
  router.use(pagesRouter(state));
  return {
    router,
    state,
    registration: () => ({
      name: 'EduForum dev LMS',
      issuer: state.issuer,
      clientId: DEV_CLIENT_ID,
      deploymentIds: [DEV_DEPLOYMENT_ID],
      authenticationEndpoint: `${state.issuer}/auth`,
      accessTokenEndpoint: `${state.issuer}/token`,
      jwksEndpoint: `${state.issuer}/jwks`,
      frameOrigins: [],
    }),
  };
}
