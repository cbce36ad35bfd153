import { Router } from 'express';
import type { Logger } from 'pino';
import { createDevPlatform, type DevPlatform } from './dev-platform/index.js';
import { dynamicRegistration } from './dynamic-registration.js';
import { ltiRouter, type ApiErrorFactory } from './lti-router.js';
import { createLtijsProvider, platformSync, purgeLtijsRecords } from './provider.js';
import { RegistrationRegistry } from './registry.js';
import { RosterSync, type RosterStore } from './roster-sync.js';
import { sessionRouter } from './session-router.js';
import type { SessionTokens } from './session-token.js';
import type { LaunchStore } from './store.js';

const CLEANUP_INTERVAL_MS = 60_000;

export interface LaunchOptions {
  encryptionKey: string;
  mongoUrl: string;
  registrationsDir: string;
  /** Accept LTI Dynamic Registration at /lti/register (whoever opens it registers a platform). */
  dynamicRegistration: boolean;
  /** Mount the built-in dev LMS at /dev-lms (never in production). */
  devPlatform: boolean;
  /** Where browsers reach the dev LMS, when not at `<tool>/dev-lms` (tests put it on another site). */
  devPlatformUrl?: string;
  /** The tool's public base URL; known once the server listens. */
  toolUrl: () => string;
  store: LaunchStore;
  rosterStore: RosterStore;
  roster: { minIntervalMs: number; pageSize?: number };
  tokens: SessionTokens;
  logger: Logger;
  apiError: ApiErrorFactory;
}

export interface Launch {
  /** Mount in this order, before the /api/v1 router. */
  routers: Array<{ path: string; router: Router }>;
  /** Origins allowed to frame the tool and receive its posts (CSP), read per request. */
  lmsOrigins(): string[];
  registry: RegistrationRegistry;
  /** NRPS roster sync: after each instructor/TA launch (in the background) and on demand. */
  rosterSync: RosterSync;
  devPlatform?: DevPlatform;
  /**
   * An OAuth 2 access token for the platform's services (AGS, NRPS), obtained with the tool's signed client
   * assertion (LTI Security Framework §4.1) and cached until it expires.
   */
  accessToken(issuer: string, clientId: string, scopes: string[]): Promise<string>;
  /** Deletes expired login states and ltijs's stale records (run every minute after start). */
  purgeExpired(): Promise<void>;
  /** After listen: loads registrations (and the dev LMS's), reloads them on SIGHUP, purges expired state. */
  start(): Promise<void>;
  close(): void;
}

export async function createLaunch(options: LaunchOptions): Promise<Launch> {
  const logger = options.logger.child({ component: 'launch' });
  const lti = await createLtijsProvider(options.encryptionKey, options.mongoUrl);
  const registry = new RegistrationRegistry(
    options.registrationsDir,
    () => options.store.listRegistrations(),
    platformSync(lti, options.encryptionKey),
    logger,
  );
  const devPlatform = options.devPlatform
    ? createDevPlatform(() => ({
        platform: options.devPlatformUrl ?? `${options.toolUrl()}/dev-lms`,
        tool: options.toolUrl(),
      }))
    : undefined;
  const accessToken = async (issuer: string, clientId: string, scopes: string[]) => {
    const platform = await lti.getPlatform(issuer, clientId);
    if (!platform) throw new Error(`No LTI registration for ${issuer} / ${clientId}`);
    return (await platform.platformAccessToken(scopes.join(' '))).access_token;
  };
  const rosterSync = new RosterSync({
    accessToken,
    store: options.rosterStore,
    logger,
    minIntervalMs: options.roster.minIntervalMs,
    pageSize: options.roster.pageSize,
  });
  const routers = [
    {
      path: '/lti',
      router: ltiRouter({
        lti,
        registry,
        store: options.store,
        tokens: options.tokens,
        apiError: options.apiError,
        launchUrl: () => `${options.toolUrl()}/lti/launch`,
        onStaffLaunch: (course) => rosterSync.syncInBackground(course),
        pickerSecret: options.encryptionKey,
        register: dynamicRegistration({
          enabled: options.dynamicRegistration,
          toolUrl: options.toolUrl,
          logger,
          async save(registration) {
            await options.store.saveRegistration(registration);
            await registry.reload();
          },
        }),
      }),
    },
    { path: '/api/v1/session', router: sessionRouter(options) },
  ];
  if (devPlatform) {
    routers.push({ path: '/dev-lms', router: devPlatform.router });
    // The start command prints the tool's root URL: whoever opens it lands on the dev LMS course page.
    const home = Router().get('/', (_req, res) => res.redirect(302, `${devPlatform.state.issuer}/`));
    routers.push({ path: '/', router: home });
  }

  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    registry.reload().catch((err: unknown) => logger.error({ err }, 'reloading LTI registrations failed'));
  };
  const launch: Launch = {
    routers,
    registry,
    devPlatform,
    async purgeExpired() {
      const now = Date.now();
      await Promise.all([options.store.purgeExpiredStates(new Date(now)), purgeLtijsRecords(lti, now)]);
    },
    accessToken,
    rosterSync,
    lmsOrigins() {
      const origins = registry.origins();
      if (devPlatform) origins.push(new URL(options.toolUrl()).origin);
      return [...new Set(origins)];
    },
    async start() {
      if (devPlatform) await registry.addBuiltIn(devPlatform.registration());
      await registry.reload();
      process.on('SIGHUP', reload);
      timer = setInterval(() => {
        launch.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'purging expired launch state failed'));
      }, CLEANUP_INTERVAL_MS);
      timer.unref();
    },
    close() {
      process.off('SIGHUP', reload);
      clearInterval(timer);
    },
  };
  return launch;
}
