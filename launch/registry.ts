import type { Logger } from 'pino';
import type { PlatformSync } from './provider.js';
import {
  loadRegistrationsDir,
  registrationKey,
  registrationOrigins,
  type Registration,
  type RegistrationProblem,
} from './registrations.js';

/**
 * The registered platforms: the files of LTI_REGISTRATIONS_DIR plus built-in ones (the dev platform). Kept in
 * step with ltijs's platform collection, which its login and token validation read. Reload replaces the file
 * set atomically; ltijs platforms no longer registered are removed so their logins are refused.
 */
export class RegistrationRegistry {
  /** Stored registrations first, then files, so a file overrides a dynamic registration. */
  private files: Registration[] = [];
  private readonly builtIn: Registration[] = [];
  private byKey = new Map<string, Registration>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    /** Registrations kept in the store (Dynamic Registration); a file for the same issuer + client id wins. */
    private readonly stored: () => Promise<Registration[]>,
    private readonly platforms: PlatformSync,
    private readonly logger: Logger,
  ) {}

  find(issuer: string, clientId: string): Registration | undefined {
    return this.byKey.get(registrationKey(issuer, clientId));
  }

  forIssuer(issuer: string): Registration[] {
    return [...this.byKey.values()].filter((r) => r.issuer === issuer);
  }

  all(): Registration[] {
    return [...this.byKey.values()];
  }

  origins(): string[] {
    return [...new Set(this.all().flatMap(registrationOrigins))];
  }

  async addBuiltIn(registration: Registration): Promise<void> {
    this.builtIn.push(registration);
    await this.sync();
  }

  /** Re-reads the folder and the store; bad files are logged by name and field and skipped. */
  async reload(): Promise<RegistrationProblem[]> {
    const [{ registrations, problems }, stored] = await Promise.all([loadRegistrationsDir(this.dir), this.stored()]);
    for (const problem of problems) this.logger.error(problem, 'LTI registration file refused');
    this.files = [...stored, ...registrations];
    await this.sync();
    this.logger.info(
      { dir: this.dir, platforms: this.all().map((r) => ({ name: r.name, issuer: r.issuer, clientId: r.clientId })) },
      'LTI registrations loaded',
    );
    return problems;
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.catch(() => undefined).then(() => this.syncNow());
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    const next = new Map<string, Registration>();
    for (const r of [...this.builtIn, ...this.files]) next.set(registrationKey(r.issuer, r.clientId), r);
    for (const r of next.values()) await this.platforms.upsert(r);
    await this.platforms.prune(new Set(next.keys()));
    this.byKey = next;
  }
}
