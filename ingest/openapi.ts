import swagger from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteAuth } from './auth/route-auth.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** Every way a client may present its token (ingest/auth/authenticate.ts), as OpenAPI security schemes. */
const SECURITY_SCHEMES = {
  token: { type: 'apiKey', in: 'header', name: 'Authorization', description: '"Token <token>" (InfluxDB 2.x style; "Token <user>:<token>" too)' },
  basic: { type: 'http', scheme: 'basic', description: 'any user name, the token as password (InfluxDB 1.x clients)' },
  queryPassword: { type: 'apiKey', in: 'query', name: 'p', description: 'the token as ?p= (with any ?u=), as InfluxDB 1.x takes it' },
} as const;
const ANY_TOKEN = Object.keys(SECURITY_SCHEMES).map((name) => ({ [name]: [] }));
const NEEDS: Record<RouteAuth, string> = { write: 'a token that may write', admin: 'an admin token', any: 'any valid token' };

/**
 * The OpenAPI 3.1 document of every route, built by @fastify/swagger from the routes' own schemas
 * and served at GET /api/v1/openapi.json. Registered before any route, so that its onRoute hook
 * sees them all. A route's `config.auth` becomes its security requirement.
 *
 * The document is served without a token: it holds no customer data, only the shape of an API
 * whose every data route checks its token; clients and code generators can read it before they
 * have one.
 */
export async function addOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Runway', version: '1', description: 'Capacity forecasting: InfluxDB-compatible ingest, runway tables, alerts and notices.' },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: ({ schema, url, route }) => {
      const auth = (route as RouteOptions).config?.auth;
      if (!auth) return { schema, url };
      const description = [schema?.description, `Takes ${NEEDS[auth]}.`].filter(Boolean).join(' ');
      return { schema: { ...schema, description, security: ANY_TOKEN }, url };
    },
  });
  app.get(OPENAPI_PATH, { schema: { summary: 'This OpenAPI document', tags: ['meta'] } }, async () => app.swagger());
}
