import { RunwayError } from '../errors.ts';
import { formatPoints } from '../line-protocol-format.ts';
import type { MetricPoint } from '../schema.ts';
import type { MetricStore, QuerySeries, StoreHealth } from '../store.ts';

export interface InfluxHttpStoreOptions {
  /** Base URL, e.g. http://127.0.0.1:8086 */
  url: string;
  database: string;
  username?: string;
  password?: string;
  timeoutMs: number;
  /** Most points in one /write request. */
  batchPoints: number;
}

/**
 * InfluxDB through its 1.x HTTP API (/write with line protocol, /query with InfluxQL).
 * That API is what Debian's InfluxDB 1.6 serves, and 2.x and 3.x serve it too (v1 compatibility),
 * whereas /api/v2/write exists only from 2.x on.
 */
export class InfluxHttpStore implements MetricStore {
  readonly #opts: InfluxHttpStoreOptions;
  #databaseReady = false;

  constructor(opts: InfluxHttpStoreOptions) {
    this.#opts = { ...opts, url: opts.url.replace(/\/+$/, '') };
  }

  get database(): string {
    return this.#opts.database;
  }

  async ping(): Promise<StoreHealth> {
    try {
      const res = await this.#fetch('/ping', { method: 'GET' });
      if (res.status !== 204 && res.status !== 200) return { reachable: false, error: `ping answered ${res.status}` };
      const version = res.headers.get('x-influxdb-version') ?? undefined;
      return version ? { reachable: true, version } : { reachable: true };
    } catch (e) {
      return { reachable: false, error: (e as Error).message };
    }
  }

  async ensureDatabase(): Promise<void> {
    await this.#statement(`CREATE DATABASE "${this.#opts.database.replace(/"/g, '\\"')}"`);
    this.#databaseReady = true;
  }

  /** Writes in batches; resolves only once InfluxDB has accepted every batch. */
  async write(points: readonly MetricPoint[]): Promise<void> {
    if (!this.#databaseReady) await this.ensureDatabase();
    for (let i = 0; i < points.length; i += this.#opts.batchPoints) {
      const body = formatPoints(points.slice(i, i + this.#opts.batchPoints));
      if (body) await this.writeLines(body);
    }
  }

  /** Sends already formatted line protocol (ns precision) in one request. */
  async writeLines(body: string): Promise<void> {
    const params = new URLSearchParams({ db: this.#opts.database, precision: 'ns' });
    let res = await this.#send(`/write?${params}`, body);
    if (res.status === 404) {
      // The database was dropped under us (or never created): create it and try once more.
      await this.ensureDatabase();
      res = await this.#send(`/write?${params}`, body);
    }
    if (res.status === 204 || res.status === 200) return;
    const reason = await errorText(res);
    if (res.status >= 500 || res.status === 429) {
      throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { status: res.status, reason });
    }
    throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: res.status, reason });
  }

  async query(influxql: string): Promise<QuerySeries[]> {
    const params = new URLSearchParams({ db: this.#opts.database, q: influxql, epoch: 'ms' });
    const res = await this.#request(`/query?${params}`, { method: 'GET' });
    const body = (await res.json()) as { results?: { series?: QuerySeries[]; error?: string }[]; error?: string };
    const first = body.results?.[0];
    const error = body.error ?? first?.error;
    if (!res.ok || error) {
      throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: res.status, reason: `${error ?? res.statusText} (query: ${influxql})` });
    }
    return first?.series ?? [];
  }

  async #statement(q: string): Promise<void> {
    const res = await this.#request('/query', { method: 'POST', body: new URLSearchParams({ q }) });
    const body = (await res.json()) as { results?: { error?: string }[]; error?: string };
    const error = body.error ?? body.results?.[0]?.error;
    if (!res.ok || error) throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: res.status, reason: error ?? res.statusText });
  }

  #send(path: string, body: string): Promise<Response> {
    return this.#request(path, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }

  /** Any failure to get an answer is "unavailable": the caller must not acknowledge what it sent. */
  async #request(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await this.#fetch(path, init);
    } catch (cause) {
      throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { reason: (cause as Error).message }, { cause });
    }
    if (res.status >= 500) {
      throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { status: res.status, reason: await errorText(res) });
    }
    return res;
  }

  #fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#opts.username || this.#opts.password) {
      headers.set('authorization', 'Basic ' + Buffer.from(`${this.#opts.username ?? ''}:${this.#opts.password ?? ''}`).toString('base64'));
    }
    return fetch(this.#opts.url + path, { ...init, headers, signal: AbortSignal.timeout(this.#opts.timeoutMs) });
  }
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text || res.statusText;
  }
}
