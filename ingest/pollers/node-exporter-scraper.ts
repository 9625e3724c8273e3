import pLimit from 'p-limit';
import type { HostEntry } from '../../core/inventory/inventory.ts';
import type { NodeExporterMapper } from '../collectors/node-exporter-mapping.ts';
import { ingest, type PipelineContext } from '../ingest-pipeline.ts';

export interface ScrapeResult {
  host: string;
  points: number;
  error?: string;
}

export interface ScraperOptions {
  hosts: readonly HostEntry[];
  mapper: NodeExporterMapper;
  pipeline: PipelineContext;
  timeoutMs?: number;
  /** Targets scraped at the same time. */
  concurrency?: number;
  /** Largest metrics page read, in bytes: node_exporter pages are ~100 kB. */
  maxBytes?: number;
}

/** Scrapes the node_exporter targets of the inventory, as Prometheus would, into the canonical schema. */
export class NodeExporterScraper {
  private readonly opts: ScraperOptions;
  constructor(opts: ScraperOptions) {
    this.opts = opts;
  }

  targets(): HostEntry[] {
    return this.opts.hosts.filter((h) => h.host.nodeExporterUrl);
  }

  async scrapeAll(): Promise<ScrapeResult[]> {
    return pLimit(this.opts.concurrency ?? 8).map(this.targets(), (target) => this.#scrape(target));
  }

  async #scrape({ customer, host }: HostEntry): Promise<ScrapeResult> {
    const { timeoutMs = 10_000, maxBytes = 10_000_000 } = this.opts;
    try {
      const res = await fetch(host.nodeExporterUrl!, { headers: { accept: 'text/plain;version=0.0.4' }, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return { host: host.name, points: 0, error: `HTTP ${res.status}` };
      const text = await res.text();
      if (text.length > maxBytes) return { host: host.name, points: 0, error: `page larger than ${maxBytes} bytes` };
      const parsed = this.opts.mapper.parse(text, host.name, Date.now());
      // The inventory says whose host this is; the scraper writes on that customer's behalf.
      const outcome = await ingest([parsed], { role: 'write', customer: customer.id }, this.opts.pipeline);
      return { host: host.name, points: outcome.accepted, ...(outcome.errors.length ? { error: `${outcome.errors.length} bad lines, first: ${outcome.errors[0]!.reason}` } : {}) };
    } catch (e) {
      return { host: host.name, points: 0, error: (e as Error).message };
    }
  }
}
