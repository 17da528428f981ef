import fp from 'fastify-plugin';
import { gridRepository, type GridRepository } from '../grids/grid.repository.ts';
import { planRepository, type PlanRepository } from '../plans/plan.repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    grids: GridRepository;
    plans: PlanRepository;
  }
}

/** Repositories over the one db, as decorators routes depend on by name. */
export default fp(
  async (app) => {
    app.decorate('grids', gridRepository(app.readDb, () => `${app.revisions.current('grids')}:${app.revisions.current('staff')}`));
    app.decorate('plans', planRepository(app.db, app.audit));
  },
  { name: 'repositories', dependencies: ['db', 'revisions', 'auth'] },
);
