// The resident registry (一户一档) as decorators routes depend on: households, residents, ledgers, and
// the viewer a request reads them as (its account for the audit, its grids, full or masked numbers).
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { currentUser, requestActor } from '../plugins/auth.plugin.ts';
import { seesFull, type Viewer } from './disclosure.rule.ts';
import { householdRepository, type HouseholdRepository } from './household.repository.ts';
import { ledgerRepository, type LedgerRepository } from './ledger.repository.ts';
import { residentRepository, type ResidentRepository } from './resident.repository.ts';

export interface Registry {
  households: HouseholdRepository;
  residents: ResidentRepository;
  ledgers: LedgerRepository;
  /** who reads: `reveal` asks for unmasked numbers, granted to admins and grid workers (audited as read_full) */
  viewer(request: FastifyRequest, reveal?: boolean): Promise<Viewer>;
}

declare module 'fastify' {
  interface FastifyInstance {
    registry: Registry;
  }
}

export default fp(
  async (app) => {
    const residents = residentRepository(app.db, app.audit);
    app.decorate('registry', {
      residents,
      households: householdRepository(app.db, app.audit, residents),
      ledgers: ledgerRepository(app.db, app.audit, residents),
      async viewer(request: FastifyRequest, reveal = false): Promise<Viewer> {
        const user = currentUser(request);
        return { actor: requestActor(request), scope: await app.auth.gridScope(user), full: seesFull(user, reveal) };
      },
    } satisfies Registry);
  },
  { name: 'registry', dependencies: ['db', 'auth'] },
);
