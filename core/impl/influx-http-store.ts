import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RunwayError } from '../errors.ts';
import { mapInSlices } from '../event-loop.ts';
import { formatPoint } from '../line-protocol-format.ts';
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
  /** Retention policy writes go to; the database's default when omitted. */
  retentionPolicy?: string;
}

/** An HTTP answer, its body read whole. */
interface Answer {
  status: number;
  statusText: string;
  text: string;
}

/**
 * InfluxDB through its 1.x HTTP API (/write with line protocol, /query with InfluxQL).
 * That API is what Debian's InfluxDB 1.6 serves, and 2.x and 3.x serve it too (v1 compatibility),
 * whereas /api/v2/write exists only from 2.x on.
 */
export class InfluxHttpStore implements MetricStore {
  readonly #opts: InfluxHttpStoreOptions;
  readonly #loopback: boolean;
  #databaseReady = false;

  constructor(opts: InfluxHttpStoreOptions) {
    this.#opts = { ...opts, url: opts.url.replace(/\/+$/, '') };
    this.#loopback = isLoopbackUrl(this.#opts.url);
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

  /**
   * Writes in batches; resolves only once InfluxDB has accepted every batch. A batch is formatted
   * in slices that let the event loop run between them: 5,000 runway rows with their reasons make
   * megabytes of line protocol, tens of milliseconds in one piece.
   */
  async write(points: readonly MetricPoint[]): Promise<void> {
    if (!this.#databaseReady) await this.ensureDatabase();
    for (let i = 0; i < points.length; i += this.#opts.batchPoints) {
      const body = (await mapInSlices(points.slice(i, i + this.#opts.batchPoints), formatPoint)).filter(Boolean).join('\n');
      if (body) await this.writeLines(body);
    }
  }

  /**
   * Sends already formatted line protocol (ns precision; a Buffer holds it as UTF-8) in one request.
   * Through node:http rather than fetch, which costs about a millisecond of CPU more per request
   * of a megabyte (the body is copied and streamed through web streams), as much as parsing 200
   * points: every point Runway stores passes here.
   */
  async writeLines(body: string | Buffer): Promise<void> {
    const params = new URLSearchParams({ db: this.#opts.database, precision: 'ns' });
    if (this.#opts.retentionPolicy) params.set('rp', this.#opts.retentionPolicy);
    let answer = await this.#post(`/write?${params}`, body);
    if (answer.status === 404) {
      // The database was dropped under us (or never created): create it and try once more.
      await this.ensureDatabase();
      answer = await this.#post(`/write?${params}`, body);
    }
    if (answer.status === 204 || answer.status === 200) return;
    const reason = errorReason(answer);
    if (answer.status === 429) throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { status: answer.status, reason });
    throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: answer.status, reason });
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

  /**
   * Runs one InfluxQL statement that changes something (DDL, `SELECT … INTO`): 1.x takes those by
   * POST only. Returns its series, e.g. the `written` count of an INTO.
   */
  async execute(influxql: string, timeoutMs = this.#opts.timeoutMs): Promise<QuerySeries[]> {
    const params = new URLSearchParams({ db: this.#opts.database, epoch: 'ms' });
    const res = await this.#request(`/query?${params}`, { method: 'POST', body: new URLSearchParams({ q: influxql }) }, timeoutMs);
    const body = (await res.json()) as { results?: { series?: QuerySeries[]; error?: string }[]; error?: string };
    const error = body.error ?? body.results?.[0]?.error;
    if (!res.ok || error) throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: res.status, reason: `${error ?? res.statusText} (statement: ${influxql})` });
    return body.results?.[0]?.series ?? [];
  }

  async #statement(q: string): Promise<void> {
    const res = await this.#request('/query', { method: 'POST', body: new URLSearchParams({ q }) });
    const body = (await res.json()) as { results?: { error?: string }[]; error?: string };
    const error = body.error ?? body.results?.[0]?.error;
    if (!res.ok || error) throw new RunwayError('RUNWAY_ERR_STORE_REJECTED', { status: res.status, reason: error ?? res.statusText });
  }

  /** POSTs line protocol; as with #request, any failure to get an answer and any 5xx is "unavailable". */
  async #post(path: string, body: string | Buffer): Promise<Answer> {
    let answer: Answer;
    try {
      answer = await this.#postRaw(path, body);
    } catch (cause) {
      throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { reason: (cause as Error).message }, { cause });
    }
    if (answer.status >= 500) throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { status: answer.status, reason: errorReason(answer) });
    return answer;
  }

  /** One POST through node:http(s) and its global keep-alive agent, answer included within timeoutMs (as #fetch). */
  #postRaw(path: string, body: string | Buffer): Promise<Answer> {
    const headers: Record<string, string | number> = { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) };
    const authorization = this.#authorization();
    if (authorization) headers.authorization = authorization;
    const send = this.#opts.url.startsWith('https:') ? httpsRequest : httpRequest;
    let timer: NodeJS.Timeout | undefined;
    return new Promise<Answer>((resolve, reject) => {
      const req = send(this.#opts.url + path, { method: 'POST', headers }, (res) => readAnswer(res).then(resolve, reject));
      req.on('error', reject);
      timer = setTimeout(() => req.destroy(new Error(`no answer within ${this.#opts.timeoutMs} ms`)), this.#opts.timeoutMs);
      req.end(body);
    }).finally(() => clearTimeout(timer));
  }

  /** Any failure to get an answer is "unavailable": the caller must not acknowledge what it sent. */
  async #request(path: string, init: RequestInit, timeoutMs = this.#opts.timeoutMs): Promise<Response> {
    let res: Response;
    try {
      res = await this.#fetch(path, init, timeoutMs);
    } catch (cause) {
      throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { reason: (cause as Error).message }, { cause });
    }
    if (res.status >= 500) {
      throw new RunwayError('RUNWAY_ERR_STORE_UNAVAILABLE', { status: res.status, reason: await errorText(res) });
    }
    return res;
  }

  #fetch(path: string, init: RequestInit, timeoutMs = this.#opts.timeoutMs): Promise<Response> {
    const headers = new Headers(init.headers);
    const authorization = this.#authorization();
    if (authorization) headers.set('authorization', authorization);
    // fetch asks for gzip, and InfluxDB then compresses every answer: on this machine that is
    // CPU spent twice for no bytes saved (about a quarter of InfluxDB's CPU for a forecast's reads).
    if (this.#loopback) headers.set('accept-encoding', 'identity');
    return fetch(this.#opts.url + path, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
  }

  #authorization(): string | undefined {
    if (!this.#opts.username && !this.#opts.password) return undefined;
    return 'Basic ' + Buffer.from(`${this.#opts.username ?? ''}:${this.#opts.password ?? ''}`).toString('base64');
  }
}

/** Reads an answer's body whole; fails when the connection ends before the answer does. */
function readAnswer(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the answer was complete'));
    });
  });
}

async function errorText(res: Response): Promise<string> {
  return errorReason({ status: res.status, statusText: res.statusText, text: await res.text().catch(() => '') });
}

/** InfluxDB's error message from an answer's JSON body, else the body, else the status text. */
function errorReason(answer: Answer): string {
  try {
    return (JSON.parse(answer.text) as { error?: string }).error ?? answer.text;
  } catch {
    return answer.text || answer.statusText;
  }
}

/** Whether a URL names this machine (localhost, 127.0.0.0/8, ::1), where compressing an answer saves nothing. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
