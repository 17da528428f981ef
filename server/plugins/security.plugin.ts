// Security headers for every answer (@fastify/helmet). The Content-Security-Policy allows our own
// origin only: the web app's scripts, styles, fonts, images and MapLibre's worker all come from here,
// and the map fetches tiles, glyphs and the API from here too. data:/blob: images are what MapLibre and
// QR codes draw with; blob: workers keep MapLibre's worker working when a build inlines it.
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

export const contentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
};

/** Shared with other sites on purpose (Access-Control-Allow-Origin: *): public tiles and the basemap. */
const crossOriginPaths = /^\/(tiles|basemap)\//;

export default fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy,
      // maps on other origins may load our public tiles; everything else stays same-origin
      crossOriginResourcePolicy: { policy: 'same-origin' },
      // HSTS only means something over https, where the proxy in front usually sets it
      strictTransportSecurity: false,
    });
    app.addHook('onSend', async (request, reply) => {
      if (crossOriginPaths.test(request.url)) reply.header('cross-origin-resource-policy', 'cross-origin');
    });
  },
  { name: 'security' },
);
