import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import type { NoticeInput } from './notice-types.ts';
import { renderNotice } from './render-notice.ts';

export interface NoticePreviewOptions {
  /**
   * The notice's inputs for one customer, with its rows already limited to crossings within
   * `withinDays`; null when there is no such customer. Authorisation is the caller's: it decides
   * which customers a request may see.
   */
  inputsFor(customerId: string, withinDays: number): Promise<NoticeInput | null>;
  /** Throws when this caller may not see this customer; without it, every caller may. */
  authorize?(req: FastifyRequest, customerId: string): void;
  /** Window when the request names none, in days. */
  defaultDays?: number;
  /** Widest window a request may ask for, in days. */
  maxDays?: number;
}

/** GET /api/v1/notices/:customer/preview?days=N: the customer's notice as the HTML document it would receive. */
export const noticePreviewRoutes: FastifyPluginAsyncTypebox<NoticePreviewOptions> = async (app, opts) => {
  const defaultDays = opts.defaultDays ?? 30;
  const maxDays = opts.maxDays ?? 365;
  const schema = {
    summary: "A customer's notice as the HTML document it would receive",
    tags: ['notices'],
    params: Type.Object({ customer: Type.String({ minLength: 1 }) }),
    querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: maxDays, description: `crossings within this many days (default ${defaultDays})` })) }),
    produces: ['text/html'],
    response: { 200: { description: 'The notice as HTML', content: { 'text/html': { schema: Type.String() } } } },
  };
  app.get('/api/v1/notices/:customer/preview', { schema }, async (req, reply) => {
    opts.authorize?.(req, req.params.customer);
    const days = req.query.days ?? defaultDays;
    const input = await opts.inputsFor(req.params.customer, days);
    if (!input) throw new RunwayError('RUNWAY_ERR_NOTICE_CUSTOMER', { customer: req.params.customer });
    // A preview is of the data now; a cached one would show yesterday's forecast.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderNotice(input).html);
  });
};
