// What a kiosk page needs to know about where it stands: its place ("you are here") and how long it
// waits before returning home. Public and static: settings of this installation, no data.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.ts';

const kiosk: FastifyPluginAsync<Config['kiosk']> = async (app, settings) => {
  const answer = { home: settings.home, idle_seconds: settings.idleSeconds };

  app.get('/api/kiosk', {
    schema: {
      summary: 'Settings of the resident kiosk: where it stands and its idle timeout',
      description: 'home is KIOSK_LON/KIOSK_LAT, or null when unset (the kiosk then starts at the centre of the grids). A kiosk URL may override both with ?lon=&lat=&idle=.',
      tags: ['service'],
      response: {
        200: {
          type: 'object',
          properties: {
            home: { type: ['object', 'null'], properties: { lon: { type: 'number' }, lat: { type: 'number' } } },
            idle_seconds: { type: 'integer' },
          },
        },
      },
    },
  }, async () => answer);
};

export default kiosk;
