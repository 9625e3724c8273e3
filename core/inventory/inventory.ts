/**
 * Who the hosting company's customers are, which hosts each one owns, what those hosts can carry,
 * whom to tell, and which tokens may write or read what. Loaded from a YAML or JSON file.
 */
export interface Inventory {
  customers: Customer[];
  tokens: TokenGrant[];
}

export type Language = 'da' | 'sv' | 'de' | 'en';
export const LANGUAGES: readonly Language[] = ['da', 'sv', 'de', 'en'];

export interface Customer {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2: whose holidays shape this customer's traffic. */
  country: string;
  /** The language notices to this customer are written in. */
  language: Language;
  contacts: Contact[];
  accountManager?: Contact;
  hosts: InventoryHost[];
}

export interface Contact {
  name: string;
  email?: string;
  /** E.164, for SMS. */
  phone?: string;
  role?: string;
}

export interface InventoryHost {
  name: string;
  /** Hosts in the same pool can lend each other resources. */
  pool?: string;
  cores?: number;
  ramBytes?: number;
  disks: { mount: string; sizeBytes: number }[];
  /** node_exporter metrics URL to scrape. */
  nodeExporterUrl?: string;
  /** host:port of an OCO port-79 responder to poll. */
  ocoAddress?: string;
}

/** What a token may do: write one customer's hosts, read some customers' results, or everything. */
export type TokenGrant =
  | { token: string; role: 'write'; customer: string }
  | { token: string; role: 'read'; customers: string[] | '*' }
  | { token: string; role: 'admin' };

export interface HostEntry {
  customer: Customer;
  host: InventoryHost;
}

/** Host names are unique across the inventory, so a host name alone finds its owner. */
export function hostIndex(inventory: Inventory): Map<string, HostEntry> {
  const out = new Map<string, HostEntry>();
  for (const customer of inventory.customers) for (const host of customer.hosts) out.set(host.name, { customer, host });
  return out;
}
