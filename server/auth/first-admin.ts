// The first administrator comes from WANGGE_ADMIN_USER / WANGGE_ADMIN_PASSWORD, read only while the
// database has no admin at all. There is no default password anywhere: with neither variable set the
// service starts without an admin and says, in the log, how to create one.
import type { FastifyBaseLogger } from 'fastify';
import type { AuditRepository } from './audit.repository.ts';
import { systemActor } from './audit.repository.ts';
import { hashPassword } from './password.hash.ts';
import { checkPassword } from './password.policy.ts';
import { isUsername, type UserRepository } from './user.repository.ts';

export type FirstAdminOutcome = 'exists' | 'created' | 'missing' | 'invalid';

export async function ensureFirstAdmin(
  users: UserRepository,
  audit: AuditRepository,
  env: { adminUser: string | undefined; adminPassword: string | undefined },
  log: FastifyBaseLogger,
): Promise<FirstAdminOutcome> {
  const { adminUser, adminPassword } = env;
  if (await users.adminExists()) {
    if (adminUser || adminPassword) log.info('an administrator account exists; WANGGE_ADMIN_USER / WANGGE_ADMIN_PASSWORD are read only while there is none, so they changed nothing');
    return 'exists';
  }
  const howTo = 'set WANGGE_ADMIN_USER and WANGGE_ADMIN_PASSWORD (at least 10 characters, not a common password) and restart; the account is created on that start, and the variables can be removed afterwards';
  if (!adminUser && !adminPassword) {
    log.warn(`no administrator account exists, so nobody can log in to the editor or dispatch yet: ${howTo}`);
    return 'missing';
  }
  if (!adminUser || !adminPassword) {
    log.error(`${adminUser ? 'WANGGE_ADMIN_PASSWORD' : 'WANGGE_ADMIN_USER'} is not set; no administrator was created: ${howTo}`);
    return 'invalid';
  }
  if (!isUsername(adminUser)) {
    log.error('WANGGE_ADMIN_USER must be 2–64 letters, digits or . _ @ -; no administrator was created');
    return 'invalid';
  }
  const policy = checkPassword(adminPassword, adminUser);
  if (!policy.valid) {
    log.error(`WANGGE_ADMIN_PASSWORD is not acceptable: ${policy.reason}; no administrator was created`);
    return 'invalid';
  }
  if (await users.nameTaken(adminUser)) {
    log.error(`WANGGE_ADMIN_USER names an existing account (${adminUser}) that is not an admin; no administrator was created — choose another name`);
    return 'invalid';
  }
  try {
    const user = await users.create({ username: adminUser, password_hash: await hashPassword(adminPassword), role: 'admin', display_name: '管理员' });
    await audit.write(systemActor('startup'), [{ action: 'create', entity: 'user', entity_id: user.id, detail: { role: 'admin', source: 'WANGGE_ADMIN_USER' } }]);
  } catch (err) {
    // another process starting at the same moment created it first
    if (await users.adminExists()) return 'exists';
    throw err;
  }
  log.info(`created the administrator account "${adminUser}" from WANGGE_ADMIN_USER / WANGGE_ADMIN_PASSWORD`);
  return 'created';
}
