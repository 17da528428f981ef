// Who is calling, and may they: every route declares its access (`config: { access }`, see
// server/auth/access.rule.ts), and this plugin's one onRequest hook enforces it — 401 without a valid
// session or token, 403 when the account's role is not listed. Routes that declare nothing get their
// access from the public surface (server/auth/public.surface.ts): public there, admins only elsewhere.
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { checkAccess, isAccess, type Access, type AuthUser } from '../auth/access.rule.ts';
import { actorOf, auditRepository, type Actor, type AuditRepository } from '../auth/audit.repository.ts';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import { gridScopeOf, type GridScope } from '../auth/grid.scope.ts';
import { loginLockout, type LoginLockout } from '../auth/login.lockout.ts';
import { loginService, type LoginService } from '../auth/login.service.ts';
import { defaultAccess } from '../auth/public.surface.ts';
import { sessionRepository, type SessionRepository } from '../auth/session.repository.ts';
import { userRepository, type UserRepository } from '../auth/user.repository.ts';
import { HttpError } from './errors.plugin.ts';
import type { Config } from '../config.ts';

/** the auth settings as declared in server/config.ts; the login rate limit belongs to the login route */
export type AuthOptions = Omit<Config['auth'], 'loginRateLimit'>;

export const SESSION_COOKIE = 'wangge_session';

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
  /** false when the access came from the public surface, not the route itself */
  declared: boolean;
  /** the route's input schema, so tests can aim at every parameter */
  schema: FastifySchema | undefined;
}

export interface Auth {
  users: UserRepository;
  sessions: SessionRepository;
  lockout: LoginLockout;
  login: LoginService;
  /** the account behind the request's session cookie or bearer token, or null */
  identify(request: FastifyRequest): Promise<AuthUser | null>;
  /** the grids the account may see (a grid worker's own, with descendants; everyone else all) */
  gridScope(user: AuthUser): Promise<GridScope>;
  /** every route with its access, in registration order */
  routes: RouteAccess[];
  setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void;
  clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** set by the auth hook on every non-public route (never null there); null on public routes */
    user: AuthUser | null;
  }
  interface FastifyInstance {
    auth: Auth;
    audit: AuditRepository;
  }
}

/** The account of a request that passed a non-public access check (the hook guarantees one). */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new HttpError(401, 'log in first');
  return request.user;
}

/** The request's account as the audit log records it (with the client address). */
export const requestActor = (request: FastifyRequest): Actor => actorOf(currentUser(request), request.ip);

export default fp<AuthOptions>(
  async (app, options) => {
    await app.register(cookie);
    const audit = auditRepository(app.db);
    const users = userRepository(app.db);
    const sessions = sessionRepository(app.db, { idleMinutes: options.sessionIdleMinutes, maxHours: options.sessionMaxHours });
    const lockout = loginLockout(app.db, { maxFailures: options.loginMaxFailures, lockMinutes: options.loginLockMinutes });
    const routes: RouteAccess[] = [];

    async function identify(request: FastifyRequest): Promise<AuthUser | null> {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const user = await sessions.resolveSession(token);
        if (user) return user;
      }
      const header = request.headers.authorization;
      const bearer = typeof header === 'string' ? /^Bearer +(\S+)$/i.exec(header) : null;
      return bearer ? sessions.resolveToken(bearer[1]) : null;
    }

    const cookieOptions = (request: FastifyRequest) => ({
      path: '/',
      httpOnly: true,
      // Strict: no other site can make a browser send it, which is the CSRF defence for every write
      sameSite: 'strict' as const,
      secure: request.protocol === 'https',
    });

    app.decorate('audit', audit);
    app.decorate('auth', {
      users,
      sessions,
      lockout,
      login: loginService(users, sessions, lockout),
      identify,
      gridScope: (user: AuthUser) => gridScopeOf(app.db, user),
      routes,
      setSessionCookie(request, reply, token, expiresAt) {
        reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), expires: new Date(expiresAt) });
      },
      clearSessionCookie(request, reply) {
        reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      },
    } satisfies Auth);
    app.decorateRequest('user', null);

    app.addHook('onRoute', (route) => {
      const declared = route.config?.access;
      if (declared !== undefined && !isAccess(declared)) {
        throw new Error(`${route.method} ${route.url}: config.access must be 'public', 'authenticated' or a non-empty list of roles, got ${JSON.stringify(declared)}`);
      }
      const access = declared ?? defaultAccess(route.url);
      route.config = { ...route.config, access };
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, access, declared: declared !== undefined, schema: route.schema });
      if (declared === undefined && access !== 'public') app.log.warn(`${route.method} ${route.url} declares no access and is outside the public surface: admins only`);
    });

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config?.access;
      if (access === undefined || access === 'public') return;
      request.user = await identify(request);
      const verdict = checkAccess(access, request.user);
      if (!verdict.allowed) throw new HttpError(verdict.status, verdict.message);
    });

    // answers that depend on who asks are never kept by a browser or proxy cache
    app.addHook('onSend', async (request, reply) => {
      const access = request.routeOptions.config?.access;
      if (access !== undefined && access !== 'public') reply.header('cache-control', 'no-store');
    });

    await ensureFirstAdmin(users, audit, options, app.log);
  },
  { name: 'auth', dependencies: ['db', 'errors'] },
);
