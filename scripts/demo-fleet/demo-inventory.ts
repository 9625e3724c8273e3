import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Customer, Inventory, Language } from '../../core/inventory/inventory.ts';
import { demoFleet, type DemoFleetOptions } from './fleet.ts';

const LANGUAGE_OF: Record<string, Language> = { DK: 'da', SE: 'sv', DE: 'de' };

/** A deterministic token for the demo; a real inventory holds tokens people generated. */
const demoToken = (kind: string, id: string) => `demo-${kind}-${id}-${createHash('sha256').update(`runway-demo:${kind}:${id}`).digest('hex').slice(0, 16)}`;

export const DEMO_PLANNER_TOKEN = demoToken('read', 'planner');
export const DEMO_ADMIN_TOKEN = demoToken('admin', 'ops');
export const demoWriteToken = (customer: string) => demoToken('write', customer);

/** The inventory matching the demo fleet: customers with their country and language, hosts with capacities, tokens. */
export function demoInventory(opts: DemoFleetOptions): Inventory {
  const customers = new Map<string, Customer>();
  for (const h of demoFleet(opts)) {
    let customer = customers.get(h.customer);
    if (!customer) {
      customer = {
        id: h.customer,
        name: h.customer,
        country: h.country,
        language: LANGUAGE_OF[h.country] ?? 'en',
        contacts: [{ name: `Admin of ${h.customer}`, email: `admin@${h.customer}.example`, role: 'administrator' }],
        accountManager: { name: 'Account manager', email: 'am@hosting.example' },
        hosts: [],
      };
      customers.set(h.customer, customer);
    }
    customer.hosts.push({ name: h.host, pool: `${h.customer}-${h.kind}`, cores: h.cores, ramBytes: h.memBytes, disks: h.disks.map((d) => ({ mount: d.mount, sizeBytes: d.totalBytes })) });
  }
  return {
    customers: [...customers.values()],
    tokens: [
      ...[...customers.keys()].map((id) => ({ token: demoWriteToken(id), role: 'write' as const, customer: id })),
      { token: DEMO_PLANNER_TOKEN, role: 'read', customers: '*' },
      { token: DEMO_ADMIN_TOKEN, role: 'admin' },
    ],
  };
}

/** The inventory as the YAML file format Runway reads. */
export function inventoryYaml(inventory: Inventory): string {
  const customers = inventory.customers.map((c) => ({
    ...c,
    hosts: c.hosts.map(({ disks, ramBytes, ...h }) => ({ ...h, ...(ramBytes ? { ram: ramBytes } : {}), disks: Object.fromEntries(disks.map((d) => [d.mount, d.sizeBytes])) })),
  }));
  return '# Inventory of the demo fleet, written by runway serve --demo.\n' + stringify({ customers, tokens: inventory.tokens });
}
