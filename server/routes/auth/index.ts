// Logging in and out. POST /api/auth/login sets an HTTP-only, SameSite=Strict session cookie;
// integrations use an API token instead (Authorization: Bearer wg_…, issued under /api/users/{id}/tokens).
import type { FastifyPluginAsync } from 'fastify';
import { systemActor, actorOf } from '../../auth/audit.repository.ts';
import { hashPassword, verifyPassword } from '../../auth/password.hash.ts';
import { checkPassword } from '../../auth/password.policy.ts';
import { usernameKey } from '../../auth/login.lockout.ts';
import { currentUser, requestActor, SESSION_COOKIE } from '../../plugins/auth.plugin.ts';
import { HttpError, badRequest } from '../../plugins/errors.plugin.ts';
import { passwordSchema, userSchema } from '../users/user.schema.ts';

const error = { type: 'object', properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } } } as const;

export interface AuthRoutesOptions {
  /** login attempts per minute per client address (the per-name lock-out is separate); 0 = no limit */
  loginRateLimit: number;
}

const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, { loginRateLimit }) => {
  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', {
    config: { access: 'public', rateLimit: loginRateLimit > 0 ? { max: loginRateLimit, timeWindow: 60_000 } : false },
    bodyLimit: 4096,
    schema: {
      summary: 'Log in with a user name and password; sets the session cookie',
      description: `Sets \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Secure over https). After repeated failures the user name is locked for a while: 429 with Retry-After, even with the right password.`,
      tags: ['auth'],
      body: {
        type: 'object', required: ['username', 'password'], additionalProperties: false,
        properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: passwordSchema },
      },
      response: { 200: { type: 'object', properties: { user: userSchema, expires_at: { type: 'string' } } }, 401: error, 403: error, 429: error },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const outcome = await app.auth.login.login(username, password);
    reply.header('cache-control', 'no-store');
    if (!outcome.ok) {
      if (outcome.status === 429) {
        reply.header('retry-after', String(outcome.retryAfter));
        await app.audit.write(systemActor(usernameKey(username).slice(0, 64), request.ip), [{ action: 'login_locked', entity: 'user', entity_id: null }]);
      }
      throw new HttpError(outcome.status, outcome.message);
    }
    app.auth.setSessionCookie(request, reply, outcome.token, outcome.expires_at);
    await app.audit.write(actorOf({ ...outcome.user, via: 'session' }, request.ip), [{ action: 'login', entity: 'user', entity_id: outcome.user.id }]);
    return { user: outcome.user, expires_at: outcome.expires_at };
  });

  app.post('/api/auth/logout', {
    config: { access: 'public' },
    schema: { summary: 'Log out: ends the session and clears its cookie (204, also without a session)', tags: ['auth'] },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const user = await app.auth.sessions.resolveSession(token);
      await app.auth.sessions.close(token);
      if (user) await app.audit.write(actorOf(user, request.ip), [{ action: 'logout', entity: 'user', entity_id: user.id }]);
    }
    app.auth.clearSessionCookie(request, reply);
    return reply.code(204).send();
  });

  app.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: {
      summary: 'The logged-in account, and for a grid worker the ids of their grids (with descendants)',
      tags: ['auth'],
      response: { 200: { type: 'object', properties: { user: userSchema, via: { type: 'string', enum: ['session', 'token'] }, grids: { type: ['array', 'null'], items: { type: 'integer' } } } } },
    },
  }, async (request) => {
    const user = currentUser(request);
    const record = await app.auth.users.get(user.id);
    const scope = await app.auth.gridScope(user);
    return { user: record, via: user.via, grids: scope.all ? null : scope.grids };
  });

  // The web app asks this before showing a protected page: 200 either way, so a visitor who is not
  // logged in causes no 401 (which browsers log as an error) — only a null user.
  app.get('/api/auth/session', {
    config: { access: 'public' },
    schema: {
      summary: 'Who is logged in, if anyone: {user: null} without a session (never 401)',
      tags: ['auth'],
      response: { 200: { type: 'object', properties: { user: { ...userSchema, type: ['object', 'null'] }, grids: { type: ['array', 'null'], items: { type: 'integer' } } } } },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const user = await app.auth.identify(request);
    if (!user) return { user: null, grids: null };
    const scope = await app.auth.gridScope(user);
    return { user: await app.auth.users.get(user.id), grids: scope.all ? null : scope.grids };
  });

  app.post<{ Body: { current_password: string; new_password: string } }>('/api/auth/password', {
    config: { access: 'authenticated' },
    bodyLimit: 4096,
    schema: {
      summary: 'Change your own password; ends your other sessions',
      tags: ['auth'],
      body: {
        type: 'object', required: ['current_password', 'new_password'], additionalProperties: false,
        properties: { current_password: passwordSchema, new_password: passwordSchema },
      },
    },
  }, async (request, reply) => {
    const user = currentUser(request);
    const { current_password, new_password } = request.body;
    // the current password is guessed here as at login, so failures count toward the same lock-out
    const locked = await app.auth.lockout.lockedFor(user.username);
    if (locked > 0) {
      reply.header('retry-after', String(locked));
      throw new HttpError(429, 'too many wrong passwords for this account; try again later');
    }
    const stored = (await app.auth.users.findForLogin(user.username))?.password_hash;
    if (!stored || !(await verifyPassword(current_password, stored))) {
      await app.auth.lockout.fail(user.username);
      throw new HttpError(403, 'the current password is wrong');
    }
    const policy = checkPassword(new_password, user.username);
    if (!policy.valid) throw badRequest(policy.reason);
    await app.auth.users.update(user.id, { password_hash: await hashPassword(new_password) });
    await app.auth.sessions.closeAllOf(user.id, request.cookies[SESSION_COOKIE]);
    await app.audit.write(requestActor(request), [{ action: 'password_change', entity: 'user', entity_id: user.id }]);
    return reply.code(204).send();
  });
};

export default authRoutes;
