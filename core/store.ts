import type { MetricPoint } from './schema.ts';

/** One series of an InfluxQL answer, as InfluxDB returns it. */
export interface QuerySeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** What the ingest service needs of a time-series store. */
export interface MetricWriter {
  write(points: readonly MetricPoint[]): Promise<void>;
}

/** What the forecast job, the API and the dashboards' checks need of a time-series store. */
export interface SeriesReader {
  /** Runs one InfluxQL statement and returns its series (empty when nothing matched). */
  query(influxql: string): Promise<QuerySeries[]>;
}

export interface StoreHealth {
  reachable: boolean;
  version?: string;
  error?: string;
}

/** What rollup maintenance needs: statements that change the database (retention policies, `SELECT … INTO`). */
export interface StoreAdmin extends SeriesReader {
  /** `timeoutMs` overrides the store's request timeout, for statements that take long by nature. */
  execute(influxql: string, timeoutMs?: number): Promise<QuerySeries[]>;
  readonly database: string;
}

export interface MetricStore extends MetricWriter, SeriesReader {
  ping(): Promise<StoreHealth>;
  ensureDatabase(): Promise<void>;
}
