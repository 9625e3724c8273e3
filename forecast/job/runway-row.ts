// The runway row is a contract between forecasting, alerting and the API: see core/runway-row.ts.
export type { RunwayMetric, RunwayRow } from '../../core/runway-row.ts';
