// Decorates `app.events`: the repository (with its clock, which tests replace), the photo store and
// the live stream. Routes under routes/events and routes/open311 depend on it by name.
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import { eventRepository, type EventRepository } from './event.repository.ts';
import { photoStore, type PhotoStore } from './photo.store.ts';
import { eventStream, type EventStream } from './event.stream.ts';
import { searchRepository, type SearchRepository } from '../search/search.repository.ts';

export interface EventsOptions {
  photoDir: string;
  photoMaxBytes: number;
  reportRateLimit: number;
}

export interface Events {
  repo: EventRepository;
  photos: PhotoStore;
  stream: EventStream;
  places: SearchRepository;
  photoMaxBytes: number;
  reportRateLimit: { max: number; timeWindow: number } | false;
  /** the time the loop runs on; tests set a fake one */
  clock: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    events: Events;
  }
}

export default fp<EventsOptions>(
  async (app, options) => {
    await app.register(multipart, { limits: { fileSize: options.photoMaxBytes, files: 6, fields: 4, fieldSize: 64 * 1024, parts: 12 } });
    const events = { clock: () => new Date() } as Events;
    const repo = eventRepository(app.db, app.grids, { clock: () => events.clock() });
    Object.assign(events, {
      repo,
      photos: photoStore(options.photoDir),
      stream: await eventStream(app.db, repo, app.log),
      places: searchRepository(app.db, app.revisions),
      photoMaxBytes: options.photoMaxBytes,
      reportRateLimit: options.reportRateLimit > 0 ? { max: options.reportRateLimit, timeWindow: 60_000 } : false,
    });
    app.decorate('events', events);
    app.addHook('preClose', async () => {
      await events.stream.close().catch(() => {});
    });
  },
  { name: 'events', dependencies: ['db', 'repositories', 'revisions'] },
);
