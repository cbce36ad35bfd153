import ltijs, { type LtijsProvider } from 'ltijs';
import mongoose from 'mongoose';

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

/** ltijs's nonce records expire through a TTL index, which the embedded store never fires. */
export function purgeOldNonces(lti: LtijsProvider, olderThan: Date): Promise<boolean> {
  return lti.Database.Delete('nonce', { createdAt: { $lt: olderThan } });
}
