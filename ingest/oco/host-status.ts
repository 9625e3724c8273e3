import { float, msToNs, str, type MetricPoint } from '../../core/schema.ts';
import { OCO_RESULT_TOO_OLD, stateOf, type OcoResult, type OcoState } from './oco-protocol.ts';

export interface HostStatus {
  customer: string;
  host: string;
  state: OcoState;
  code: number;
  reasons: string[];
  /** Last metric point received from the host (epoch ms), null if never. */
  lastSeenMs: number | null;
  checkedAtMs: number;
}

/**
 * A host's state from its OCO answer (when it has a responder) and from whether its metrics keep
 * arriving: a host silent for longer than staleMs is KO with OCO's "result too old" code.
 */
export function hostStatus(args: {
  customer: string;
  host: string;
  oco: (OcoResult & { error?: string }) | null;
  lastSeenMs: number | null;
  nowMs: number;
  staleMs: number;
}): HostStatus {
  const reasons: string[] = [];
  let code = 200;
  if (args.oco) {
    code = args.oco.code;
    reasons.push(...args.oco.failing.map((f) => `${f.code}-${f.check}`));
    if (args.oco.error) reasons.push(`oco: ${args.oco.error}`);
  }
  const silentMs = args.lastSeenMs === null ? Infinity : args.nowMs - args.lastSeenMs;
  if (silentMs > args.staleMs) {
    code = Math.max(code, OCO_RESULT_TOO_OLD);
    reasons.push(args.lastSeenMs === null ? `${OCO_RESULT_TOO_OLD}-no_data` : `${OCO_RESULT_TOO_OLD}-no_data_for_${Math.round(silentMs / 60_000)}_min`);
  }
  const failing = args.oco?.failing ?? [];
  return { customer: args.customer, host: args.host, state: stateOf(code, failing), code, reasons, lastSeenMs: args.lastSeenMs, checkedAtMs: args.nowMs };
}

/** The canonical `status` point, so Grafana can show OK / OK-but / KO per host. */
export function statusPoint(s: HostStatus): MetricPoint {
  return {
    measurement: 'status',
    tags: { customer: s.customer, host: s.host },
    fields: { code: float(s.code), state: str(s.state), reasons: str(s.reasons.join(',')), ok: float(s.state === 'KO' ? 0 : 1) },
    timeNs: msToNs(s.checkedAtMs),
  };
}
