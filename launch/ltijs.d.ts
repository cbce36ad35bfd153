// The slice of ltijs 5.9.9 (untyped CommonJS) that launch/provider.ts uses.
declare module 'ltijs' {
  import type { Express, NextFunction, Request, Response } from 'express';

  export interface LtijsPlatformInput {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
  }

  export interface LtijsPlatform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformKid(): Promise<string>;
    delete(): Promise<boolean>;
    /** Client-credentials grant with a JWT assertion signed by this platform's tool key; cached in the store. */
    platformAccessToken(scopes: string): Promise<{ access_token: string; token_type: string; expires_in: number }>;
  }

  /** ltijs's session token object (res.locals.token) in `ltiaas` mode. */
  export interface LtijsToken {
    iss: string;
    user: string;
    clientId: string;
    deploymentId: string;
    platformContext: { messageType: string };
  }

  export type LtijsHandler = (req: Request, res: Response, next: NextFunction) => unknown;
  export type LtijsLaunchHandler = (token: LtijsToken, req: Request, res: Response, next: NextFunction) => unknown;

  export interface LtijsDatabase {
    setup(): Promise<boolean>;
    Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
    /** Upsert by `query`; with an encryption key the item is stored encrypted next to the `index` fields. */
    Replace(
      encryptionKey: string | false,
      collection: string,
      query: Record<string, unknown>,
      item: Record<string, unknown>,
      index?: Record<string, unknown>,
    ): Promise<boolean>;
  }

  export interface LtijsProvider {
    app: Express;
    Database: LtijsDatabase;
    setup(encryptionKey: string, database: { url: string }, options: Record<string, unknown>): LtijsProvider;
    onConnect(handler: LtijsLaunchHandler): true;
    onDeepLinking(handler: LtijsLaunchHandler): true;
    onInvalidToken(handler: LtijsHandler): true;
    onSessionTimeout(handler: LtijsHandler): true;
    onUnregisteredPlatform(handler: LtijsHandler): true;
    onInactivePlatform(handler: LtijsHandler): true;
    DeepLinking: {
      createDeepLinkingMessage(
        token: LtijsToken,
        items: Array<Record<string, unknown>>,
        options?: { message?: string },
      ): Promise<string>;
    };
    registerPlatform(platform: LtijsPlatformInput): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
    getAllPlatforms(): Promise<LtijsPlatform[]>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
  }

  const ltijs: { Provider: LtijsProvider };
  export default ltijs;
}
