import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import ltijs, { type LtijsProvider } from 'ltijs';
import mongoose from 'mongoose';
import { registrationKey, type Registration } from './registrations.js';

/** The DESIGN.md §2 routes, relative to where the provider is mounted (`/lti`). */
export const LTI_ROUTES = { loginRoute: '/login', appRoute: '/launch', keysetRoute: '/keys', dynRegRoute: '/register' };

/** Seconds an id_token may be old when it arrives (its iat); LMS clocks drift, launches take a second. */
const ID_TOKEN_MAX_AGE_SECONDS = 60;

const CONNECTION_EVENTS = ['connected', 'open', 'error', 'reconnected', 'disconnected'] as const;

/**
 * A fresh ltijs Provider on the app's own mongoose connection. ltijs exports one instance whose setup() may run
 * once per process, so a new one is made from its class (tests start several tool servers in one process).
 *
 * `devMode` lets a launch through without ltijs's state cookie and `ltiaas` drops its ltik cookie session: both
 * are replaced by the server-side state of launch-state.ts and our own session token (DESIGN.md §8). `deploy()`
 * is not called: it would install a SIGINT handler that exits the process and reconnect listeners that fight
 * the tool's own connection handling, so only the database part of it runs here.
 */
export async function createLtijsProvider(encryptionKey: string, mongoUrl: string): Promise<LtijsProvider> {
  const connection = mongoose.connection;
  if (connection.readyState !== 1) throw new Error('ltijs needs the mongoose connection to be open first');
  const Provider = Object.getPrototypeOf(ltijs.Provider).constructor as new () => LtijsProvider;
  const lti = new Provider().setup(
    encryptionKey,
    { url: mongoUrl },
    { ...LTI_ROUTES, devMode: true, ltiaas: true, cors: false, tokenMaxAge: ID_TOKEN_MAX_AGE_SECONDS },
  );
  const before = new Map(CONNECTION_EVENTS.map((e) => [e, connection.listeners(e)]));
  await lti.Database.setup();
  for (const event of CONNECTION_EVENTS) {
    for (const listener of connection.listeners(event)) {
      if (!before.get(event)!.includes(listener)) connection.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return lti;
}

/** ltijs refuses id_tokens older than a minute, so a nonce older than this can never be replayed. */
const NONCE_KEEP_MS = 10 * 60_000;
/** ltijs's own copies of launch tokens live a day (its TTL); we never read them after the launch. */
const LAUNCH_COPY_KEEP_MS = 24 * 60 * 60_000;

/** ltijs's records expire through TTL indexes, which the embedded store never fires. */
export async function purgeLtijsRecords(lti: LtijsProvider, now: number): Promise<void> {
  await lti.Database.Delete('nonce', { createdAt: { $lt: new Date(now - NONCE_KEEP_MS) } });
  for (const collection of ['idtoken', 'contexttoken']) {
    await lti.Database.Delete(collection, { createdAt: { $lt: new Date(now - LAUNCH_COPY_KEEP_MS) } });
  }
}

/** Keeps ltijs's platform collection equal to the registrations (its login and token checks read it). */
export interface PlatformSync {
  upsert(registration: Registration): Promise<void>;
  /** Deletes every ltijs platform (and its tool key) whose issuer + client id is not in `keep`. */
  prune(keep: Set<string>): Promise<void>;
}

const generateRsaKeyPair = promisify(generateKeyPair);

export function platformSync(lti: LtijsProvider, encryptionKey: string): PlatformSync {
  return {
    async upsert(r) {
      const platform = {
        url: r.issuer,
        name: r.name,
        clientId: r.clientId,
        authenticationEndpoint: r.authenticationEndpoint,
        accesstokenEndpoint: r.accessTokenEndpoint,
        authorizationServer: r.authorizationServer,
        authConfig: { method: 'JWK_SET' as const, key: r.jwksEndpoint },
      };
      if (await lti.getPlatform(r.issuer, r.clientId)) {
        await lti.registerPlatform(platform);
        return;
      }
      // ltijs would make the tool key of a new platform with a synchronous 4096-bit generateKeyPairSync, stalling
      // every socket of the process for about a second; the same key, made off the event loop and stored the way
      // ltijs 5.9.9 stores it (encrypted key records, then the platform record), avoids that.
      const { publicKey, privateKey } = await generateRsaKeyPair('rsa', {
        modulusLength: 4096,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      });
      const kid = randomBytes(16).toString('hex');
      const where = { platformUrl: r.issuer, clientId: r.clientId };
      const index = { kid, ...where };
      await lti.Database.Replace(encryptionKey, 'publickey', where, { key: publicKey, kid }, index);
      await lti.Database.Replace(encryptionKey, 'privatekey', where, { key: privateKey, kid }, index);
      await lti.Database.Replace(false, 'platform', where, {
        platformName: platform.name,
        platformUrl: platform.url,
        clientId: platform.clientId,
        authEndpoint: platform.authenticationEndpoint,
        accesstokenEndpoint: platform.accesstokenEndpoint,
        authorizationServer: platform.authorizationServer,
        kid,
        authConfig: platform.authConfig,
      });
    },
    async prune(keep) {
      for (const platform of await lti.getAllPlatforms()) {
        const [url, clientId] = await Promise.all([platform.platformUrl(), platform.platformClientId()]);
        if (!keep.has(registrationKey(url, clientId))) await platform.delete();
      }
    },
  };
}
