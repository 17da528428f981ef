// JSON schemas of accounts as the API shows them (no hash, no secrets), shared by /api/auth and /api/users.
import { ROLES } from '../../auth/access.rule.ts';
import { USERNAME_PATTERN } from '../../auth/user.repository.ts';
import { MAX_PASSWORD_LENGTH } from '../../auth/password.policy.ts';

export const roleSchema = { type: 'string', enum: [...ROLES], description: 'admin · planner (plans) · dispatcher (event loop) · grid_worker (own grids only)' } as const;

export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    display_name: { type: ['string', 'null'] },
    role: roleSchema,
    staff_id: { type: ['integer', 'null'], description: 'the staff row of a grid worker; their grids are those with this worker' },
    disabled: { type: 'boolean' },
    created_at: { type: 'string' },
    last_login_at: { type: ['string', 'null'] },
    password_changed_at: { type: ['string', 'null'] },
    locked_until: { type: ['string', 'null'], description: 'set while failed logins keep the account locked' },
  },
} as const;

export const usernameSchema = { type: 'string', minLength: 2, maxLength: 64, pattern: USERNAME_PATTERN } as const;
/** the policy (length, common passwords) is checked in code, with a message saying what to change */
export const passwordSchema = { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH } as const;
export const displayNameSchema = { type: ['string', 'null'], maxLength: 100 } as const;

export const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    user_id: { type: 'integer' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'the first characters of the token, to tell tokens apart' },
    created_at: { type: 'string' },
    expires_at: { type: ['string', 'null'] },
    last_used_at: { type: ['string', 'null'] },
    revoked_at: { type: ['string', 'null'] },
  },
} as const;

export const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;
