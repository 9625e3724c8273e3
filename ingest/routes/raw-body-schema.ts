import { Type } from '@fastify/type-provider-typebox';

/**
 * How the ingest routes' bodies appear in the OpenAPI document. They reach the handlers raw (a
 * buffer, gzip or not, whatever the Content-Type): only @fastify/swagger reads `consumes`, and the
 * body schema is empty so that fastify's validation takes any body as it is.
 */
export const rawBody = (description: string, type = 'text/plain') => ({ consumes: [type], body: Type.Unsafe<unknown>({ description }) });

export const LINE_PROTOCOL = rawBody('InfluxDB line protocol, one point a line; gzip with Content-Encoding: gzip');

/** InfluxDB 1.x clients may send their credentials in the query string (ingest/auth/authenticate.ts). */
export const CREDENTIALS = {
  u: Type.Optional(Type.String({ description: 'user name (any)' })),
  p: Type.Optional(Type.String({ description: 'the token' })),
};
