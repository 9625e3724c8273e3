import { Type, type TSchema } from '@fastify/type-provider-typebox';

/**
 * Response schemas of the read APIs: they document the answers in the OpenAPI document, and
 * fastify serialises with them, so a field missing here is a field the client never sees. The
 * route tests compare each answer with what its handler returned (read-api-responses.test.ts).
 */
const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description === undefined ? {} : { description });
const IsoTime = (description: string) => Nullable(Type.String({ format: 'date-time' }), description);
const Labels = Type.Record(Type.String(), Type.String(), { description: 'label → value, as Alertmanager shows them' });
const Ack = Nullable(
  Type.Object({ by: Type.String(), atMs: Type.Number({ description: 'epoch ms' }), comment: Type.String() }, { additionalProperties: false }),
  'who acknowledged the alert, when and why; null if nobody did',
);

const RunwayTableRow = Type.Object(
  {
    customer: Type.String(),
    host: Type.String(),
    resource: Type.String({ description: 'e.g. "disk /var" or "load"' }),
    metric: Type.String({ description: 'the forecast metric, e.g. disk_used_percent or load_daily_max' }),
    current: Type.Number({ description: 'latest daily value, in the metric’s unit' }),
    threshold: Type.Number({ description: 'the value that counts as exhaustion' }),
    daysLeft: Nullable(Type.Number(), 'days to the likely crossing; null when none within the horizon'),
    crossing: Type.Object(
      { earliest: IsoTime('pessimistic'), likely: IsoTime('likely'), latest: IsoTime('optimistic') },
      { additionalProperties: false, description: 'when the forecast reaches the threshold; null: not within the horizon' },
    ),
    driver: Nullable(Type.String(), 'what drives the crossing: a season such as "christmas 2026", or "trend"'),
    severity: Type.String({ description: 'critical, warning, notice or ok' }),
    model: Type.String({ description: 'the model the backtest chose' }),
  },
  { additionalProperties: false },
);

const ActiveAlert = Type.Object(
  { key: Type.String(), labels: Labels, state: Type.String({ description: 'pending or firing' }), summary: Type.String(), remediation: Type.String(), ack: Ack },
  { additionalProperties: false },
);

export const RunwayResponse = Type.Object(
  { run: Type.String({ description: 'ISO time of the forecast run' }), rows: Type.Array(RunwayTableRow, { description: 'soonest exhaustion first' }), alerts: Type.Array(ActiveAlert) },
  { additionalProperties: false, description: 'The latest runway table and the active alerts' },
);

const alertFields = {
  key: Type.String({ description: 'the alert key' }),
  labels: Labels,
  severity: Type.String({ description: 'critical, warning or notice' }),
  state: Type.String({ description: 'pending, firing or resolved' }),
  runs: Type.Integer({ description: 'consecutive runs the condition has held (pending) or been absent (firing)' }),
  episode: Type.Integer({ description: 'increases with every new firing episode' }),
  activeSinceMs: Type.Number({ description: 'epoch ms' }),
  firingSinceMs: Nullable(Type.Number(), 'epoch ms'),
  resolvedAtMs: Nullable(Type.Number(), 'epoch ms'),
  daysLeft: Nullable(Type.Number()),
  summary: Type.String(),
  remediation: Type.String(),
  ack: Ack,
};

export const AlertList = Type.Array(
  Type.Object({ ...alertFields, id: Type.String({ description: 'the Alertmanager fingerprint' }) }, { additionalProperties: false }),
  { description: 'Alerts the token may read' },
);

/** The acknowledged alert as the state file keeps it, with the runway row it came from. */
export const AcknowledgedAlert = Type.Object(
  {
    ...alertFields,
    evidence: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'the runway row behind the alert, as the forecast run computed it (times in epoch ms)' }),
    ),
  },
  { additionalProperties: false, description: 'The acknowledged alert' },
);

export const Silence = Type.Object(
  {
    id: Type.String(),
    matchers: Labels,
    startsAtMs: Type.Number({ description: 'epoch ms' }),
    endsAtMs: Type.Number({ description: 'epoch ms' }),
    createdBy: Type.String(),
    comment: Type.String(),
  },
  { additionalProperties: false },
);

export const HostStatusList = Type.Array(
  Type.Object(
    {
      customer: Type.String(),
      host: Type.String(),
      state: Type.Union([Type.Literal('OK'), Type.Literal('OK-but'), Type.Literal('KO')]),
      code: Type.Integer({ description: 'OCO result code' }),
      reasons: Type.Array(Type.String()),
      lastSeenMs: Nullable(Type.Number(), 'last metric point received (epoch ms); null if never'),
      checkedAtMs: Type.Number({ description: 'epoch ms' }),
    },
    { additionalProperties: false },
  ),
  { description: 'OK, OK-but or KO per host' },
);

export const NoContent = Type.Null({ description: 'No content' });

/** What a route answers when it cannot: the reason, and the error code when there is one. */
export const ErrorReply = Type.Object(
  { error: Type.String(), runwayCode: Type.Optional(Type.String({ description: 'RUNWAY_ERR_…' })) },
  { additionalProperties: false },
);
