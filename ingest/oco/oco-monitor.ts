import pLimit from 'p-limit';
import type { HostEntry } from '../../core/inventory/inventory.ts';
import type { MetricWriter } from '../../core/store.ts';
import type { HostActivity } from '../host-activity.ts';
import { pollOco } from './oco-client.ts';
import { hostStatus, statusPoint, type HostStatus } from './host-status.ts';

export interface OcoMonitorOptions {
  hosts: readonly HostEntry[];
  activity: HostActivity;
  writer: MetricWriter;
  staleMs: number;
  /** Per responder; OCO answers at once or not at all. */
  timeoutMs?: number;
  /** Responders polled at the same time. */
  concurrency?: number;
}

/** Checks every inventory host: its OCO responder where it has one, and whether its data still arrives. */
export class OcoMonitor {
  #latest: HostStatus[] = [];

  private readonly opts: OcoMonitorOptions;
  constructor(opts: OcoMonitorOptions) {
    this.opts = opts;
  }

  get latest(): readonly HostStatus[] {
    return this.#latest;
  }

  async checkAll(nowMs: number = Date.now()): Promise<HostStatus[]> {
    const { hosts, activity, staleMs, timeoutMs = 5000, concurrency = 8 } = this.opts;
    const out = await pLimit(concurrency).map(hosts, async ({ customer, host }) => {
      const oco = host.ocoAddress ? await pollOco(host.ocoAddress, timeoutMs) : null;
      return hostStatus({ customer: customer.id, host: host.name, oco, lastSeenMs: activity.lastSeen(host.name), nowMs, staleMs });
    });
    this.#latest = out;
    await this.opts.writer.write(out.map(statusPoint));
    return out;
  }
}
