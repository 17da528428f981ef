// Managing accounts (admins only): create, change role / grid-worker link / display name, disable,
// reset a password, unlock after failed logins, delete, and API tokens for integrations.
import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '../../auth/access.rule.ts';
import { hashPassword } from '../../auth/password.hash.ts';
import { checkPassword } from '../../auth/password.policy.ts';
import type { UserRecord } from '../../auth/user.repository.ts';
import { currentUser, requestActor, SESSION_COOKIE } from '../../plugins/auth.plugin.ts';
import { HttpError, badRequest, notFound } from '../../plugins/errors.plugin.ts';
import { displayNameSchema, idParams, passwordSchema, roleSchema, tokenSchema, userSchema, usernameSchema } from './user.schema.ts';

const admins = { access: ['admin'] } as const;
const staffIdSchema = { type: ['integer', 'null'], minimum: 1, maximum: 9007199254740991 } as const;

interface CreateBody {
  username: string;
  password?: string;
  role: Role;
  staff_id?: number | null;
  display_name?: string | null;
}

interface PatchBody {
  display_name?: string | null;
  role?: Role;
  staff_id?: number | null;
  disabled?: boolean;
  password?: string;
  unlock?: boolean;
}

const usersRoutes: FastifyPluginAsync = async (app) => {
  const { users, sessions, lockout } = app.auth;

  async function checkStaffLink(role: Role, staffId: number | null | undefined): Promise<void> {
    if (role === 'grid_worker' && staffId == null) throw badRequest('a grid_worker account needs staff_id: the staff row whose grids it sees');
    if (staffId != null && !(await users.staffExists(staffId))) throw badRequest(`no staff row with id ${staffId}`);
  }

  async function existing(id: number): Promise<UserRecord> {
    const user = await users.get(id);
    if (!user) throw notFound(`no user ${id}`);
    return user;
  }

  app.get('/api/users', {
    config: admins,
    schema: { summary: 'All accounts', tags: ['users'], response: { 200: { type: 'object', properties: { users: { type: 'array', items: userSchema } } } } },
  }, async () => ({ users: await users.list() }));

  app.post<{ Body: CreateBody }>('/api/users', {
    config: admins,
    bodyLimit: 16 * 1024,
    schema: {
      summary: 'Create an account',
      description: 'Without a password the account can only use API tokens (an integration such as the 12345 hotline).',
      tags: ['users'],
      body: {
        type: 'object', required: ['username', 'role'], additionalProperties: false,
        properties: { username: usernameSchema, password: passwordSchema, role: roleSchema, staff_id: staffIdSchema, display_name: displayNameSchema },
      },
      response: { 201: userSchema },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (await users.nameTaken(body.username)) throw new HttpError(409, `the user name ${body.username} is taken`);
    await checkStaffLink(body.role, body.staff_id);
    if (body.password !== undefined) {
      const policy = checkPassword(body.password, body.username);
      if (!policy.valid) throw badRequest(policy.reason);
    }
    const user = await users.create({
      username: body.username,
      password_hash: body.password === undefined ? null : await hashPassword(body.password),
      role: body.role,
      staff_id: body.staff_id ?? null,
      display_name: body.display_name ?? null,
    });
    await app.audit.write(requestActor(request), [{ action: 'create', entity: 'user', entity_id: user.id, detail: { username: user.username, role: user.role, staff_id: user.staff_id } }]);
    return reply.code(201).send(user);
  });

  app.get<{ Params: { id: number } }>('/api/users/:id', {
    config: admins,
    schema: { summary: 'One account', tags: ['users'], params: idParams, response: { 200: userSchema } },
  }, async (request) => existing(request.params.id));

  app.patch<{ Params: { id: number }; Body: PatchBody }>('/api/users/:id', {
    config: admins,
    bodyLimit: 16 * 1024,
    schema: {
      summary: 'Change an account: role, grid-worker link, name, disabled, password; unlock after failed logins',
      description: 'Disabling an account or setting its password ends its sessions. The last active admin cannot be demoted or disabled (409).',
      tags: ['users'],
      params: idParams,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: { display_name: displayNameSchema, role: roleSchema, staff_id: staffIdSchema, disabled: { type: 'boolean' }, password: passwordSchema, unlock: { type: 'boolean', const: true } },
      },
      response: { 200: userSchema },
    },
  }, async (request) => {
    const before = await existing(request.params.id);
    const body = request.body;
    const role = body.role ?? before.role;
    const staffId = body.staff_id !== undefined ? body.staff_id : before.staff_id;
    if (body.role !== undefined || body.staff_id !== undefined) await checkStaffLink(role, staffId);
    const losesAdmin = before.role === 'admin' && !before.disabled && (role !== 'admin' || body.disabled === true);
    if (losesAdmin && (await users.otherActiveAdmins(before.id)) === 0) throw new HttpError(409, 'this is the last active admin; make another admin first');
    let password_hash: string | undefined;
    if (body.password !== undefined) {
      const policy = checkPassword(body.password, before.username);
      if (!policy.valid) throw badRequest(policy.reason);
      password_hash = await hashPassword(body.password);
    }
    const after = await users.update(before.id, { display_name: body.display_name, role: body.role, staff_id: body.staff_id, disabled: body.disabled, password_hash });
    if (body.disabled === true || password_hash !== undefined) {
      // an admin resetting their own password keeps the session they are using
      await sessions.closeAllOf(before.id, before.id === currentUser(request).id ? request.cookies[SESSION_COOKIE] : undefined);
    }
    if (body.unlock) await lockout.clear(before.username);
    const changed = Object.keys(body).filter((k) => k !== 'password');
    await app.audit.write(requestActor(request), [{
      action: 'update', entity: 'user', entity_id: before.id,
      detail: { changed: body.password !== undefined ? [...changed, 'password'] : changed, role: after!.role, staff_id: after!.staff_id, disabled: after!.disabled },
    }]);
    return users.get(before.id);
  });

  app.delete<{ Params: { id: number } }>('/api/users/:id', {
    config: admins,
    schema: { summary: 'Delete an account (its sessions and tokens end with it)', tags: ['users'], params: idParams },
  }, async (request, reply) => {
    const user = await existing(request.params.id);
    if (user.role === 'admin' && !user.disabled && (await users.otherActiveAdmins(user.id)) === 0) throw new HttpError(409, 'this is the last active admin; make another admin first');
    await users.remove(user.id);
    await app.audit.write(requestActor(request), [{ action: 'delete', entity: 'user', entity_id: user.id, detail: { username: user.username, role: user.role } }]);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: number } }>('/api/users/:id/tokens', {
    config: admins,
    schema: { summary: 'The account’s API tokens (never the secrets)', tags: ['users'], params: idParams, response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: tokenSchema } } } } },
  }, async (request) => {
    const user = await existing(request.params.id);
    return { tokens: await sessions.tokensOf(user.id) };
  });

  app.post<{ Params: { id: number }; Body: { name: string; expires_days?: number } }>('/api/users/:id/tokens', {
    config: admins,
    bodyLimit: 4096,
    schema: {
      summary: 'Issue an API token for an integration; the token is shown once, in this answer',
      description: 'The integration sends it as `Authorization: Bearer wg_…` and acts with the account’s role.',
      tags: ['users'],
      params: idParams,
      body: {
        type: 'object', required: ['name'], additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, expires_days: { type: 'integer', minimum: 1, maximum: 3650 } },
      },
      response: { 201: { type: 'object', properties: { ...tokenSchema.properties, token: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    const user = await existing(request.params.id);
    const token = await sessions.issueToken(user.id, request.body.name, request.body.expires_days ?? null);
    await app.audit.write(requestActor(request), [{ action: 'create', entity: 'api_token', entity_id: token.id, detail: { user_id: user.id, name: token.name } }]);
    return reply.code(201).send(token);
  });

  app.delete<{ Params: { id: number; token: number } }>('/api/users/:id/tokens/:token', {
    config: admins,
    schema: {
      summary: 'Revoke an API token',
      tags: ['users'],
      params: { type: 'object', required: ['id', 'token'], additionalProperties: false, properties: { id: idParams.properties.id, token: idParams.properties.id } },
    },
  }, async (request, reply) => {
    const user = await existing(request.params.id);
    if (!(await sessions.revokeToken(user.id, request.params.token))) throw notFound(`user ${user.id} has no active token ${request.params.token}`);
    await app.audit.write(requestActor(request), [{ action: 'revoke', entity: 'api_token', entity_id: request.params.token, detail: { user_id: user.id } }]);
    return reply.code(204).send();
  });
};

export default usersRoutes;
