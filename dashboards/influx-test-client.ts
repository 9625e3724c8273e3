/**
 * Test helper: runs InfluxQL against the throwaway InfluxDB that vitest's global setup loads with the
 * demo fleet and one forecast run, straight over its HTTP API (as Grafana's data source would).
 */
import { inject } from 'vitest';

export interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface QueryResponse {
  error?: string;
  results?: Array<{ series?: Series[]; error?: string }>;
}

/**
 * The series of one statement, by default on the demo database; an InfluxDB error (syntax, type) rejects
 * with the query in the message.
 */
export async function influxQuery(query: string, database: string = inject('demoDatabase')): Promise<Series[]> {
  const params = new URLSearchParams({ db: database, q: query, epoch: 'ms' });
  const response = await fetch(`${inject('influxUrl').replace(/\/$/, '')}/query?${params}`);
  const body = (await response.json()) as QueryResponse;
  const error = body.error ?? body.results?.[0]?.error;
  if (!response.ok || error) throw new Error(`InfluxDB answered ${response.status} ${error ?? ''} to: ${query}`);
  return body.results?.[0]?.series ?? [];
}

export const rowCount = (series: Series[]): number => series.reduce((n, s) => n + s.values.length, 0);

/** Rows with at least one non-null value besides time: fill(null) pads intervals without data. */
export const nonNullRowCount = (series: Series[]): number =>
  series.reduce((n, s) => n + s.values.filter((row) => row.slice(1).some((value) => value !== null)).length, 0);
