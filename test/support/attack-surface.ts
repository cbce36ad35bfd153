import type { Express } from 'express';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { ToolServer } from '../../tool/server.js';

/** One REST route as express knows it: method and path under /api/v1 (with `:param` placeholders). */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  regexp: RegExp & { fast_slash?: boolean };
}

function collect(stack: Layer[], into: ApiRoute[]): ApiRoute[] {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods))
        into.push({ method: method as ApiRoute['method'], path: layer.route.path });
    } else if (layer.handle.stack) collect(layer.handle.stack, into);
  }
  return into;
}

/**
 * Every route of the `/api/v1` router, read from express itself so a route added later is covered by the
 * security tests without editing them. The api router mounts its resource routers without a prefix.
 */
export function apiRoutes(app: Express): ApiRoute[] {
  const root = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
  const api = root.filter((l) => l.handle.stack && !l.regexp.fast_slash && l.regexp.test('/api/v1/x'));
  if (api.length !== 1) throw new Error(`expected one /api/v1 router, found ${api.length}`);
  const routes = collect(api[0]!.handle.stack!, []);
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const routeKey = (r: ApiRoute) => `${r.method.toUpperCase()} ${r.path}`;

/** Replaces each `:param` with the id named for it (by param name or, failing that, `fallback`). */
export function fillPath(path: string, ids: Record<string, string>, fallback: string): string {
  return `/api/v1${path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => ids[name] ?? fallback)}`;
}

/** The client → server events the tool listens to on a connected socket (live dispatch table + media:*). */
export function socketEventNames(server: ToolServer, client: ClientSocket): string[] {
  const socket = server.io.of('/').sockets.get(client.id!);
  if (!socket) throw new Error('socket not found on the server');
  return (socket as unknown as { eventNames(): Array<string | symbol> })
    .eventNames()
    .filter((n): n is string => typeof n === 'string' && n !== 'disconnect' && n !== 'disconnecting' && n !== 'error')
    .sort();
}

/**
 * Staff-only REST routes that must exist (the 403 sweep takes every non-learner route from express; this list
 * makes a renamed or lost route fail loudly instead of silently dropping out of the sweep).
 */
export const STAFF_ROUTES = [
  'GET /sessions/:session_id/analytics/participation',
  'GET /sessions/:session_id/analytics/export.csv',
  'GET /courses/:course_id/analytics/overview',
  'GET /courses/:course_id/analytics/export.csv',
  'GET /courses/:course_id/alerts',
  'POST /alerts/:alert_id/ack',
  'GET /sessions/:session_id/participation-settings',
  'PUT /sessions/:session_id/participation-settings',
  'DELETE /sessions/:session_id/participation-settings',
  'GET /sessions/:session_id/ai/checkpoint-suggestions',
  'DELETE /sessions/:session_id/ai/checkpoint-suggestions/:suggestion_id',
];

/** Server → client events sent only to a seminar's staff channel; a learner's socket must never see them. */
export const STAFF_PUSHES = ['alert_raised', 'alert_acknowledged', 'participation_update'];
