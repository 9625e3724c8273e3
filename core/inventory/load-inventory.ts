import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { RunwayError } from '../errors.ts';
import { LANGUAGES, type Contact, type Customer, type Inventory, type InventoryHost, type Language, type TokenGrant } from './inventory.ts';
import { parseSize } from './sizes.ts';

/** Reads and validates an inventory file; every error names the file and line. */
export function loadInventory(path: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RunwayError('RUNWAY_ERR_INVENTORY_INVALID', { path, line: 0, reason: (cause as Error).message }, { cause });
  }
  return parseInventory(text, path);
}

export function parseInventory(text: string, path: string): Inventory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (node: Node | null | undefined, reason: string): never => {
    throw new RunwayError('RUNWAY_ERR_INVENTORY_INVALID', { path, line: lineOf(node), reason });
  };
  const firstError = doc.errors[0];
  if (firstError) throw new RunwayError('RUNWAY_ERR_INVENTORY_INVALID', { path, line: firstError.linePos?.[0]?.line ?? 1, reason: firstError.message.split('\n')[0] });
  const root = doc.contents;
  if (!isMap(root)) return fail(root as Node, 'the top level must be a mapping with "customers" and "tokens"');
  const v = new Validator(fail);
  const customers = v.list(root, 'customers', true).map((node) => v.customer(node));
  const tokens = v.list(root, 'tokens', false).map((node) => v.token(node));
  checkReferences(customers, tokens, root, fail);
  return { customers, tokens };
}

type Fail = (node: Node | null | undefined, reason: string) => never;

/** Field-by-field reading of the YAML tree, failing at the line of the offending node. */
class Validator {
  readonly fail: Fail;
  constructor(fail: Fail) {
    this.fail = fail;
  }

  map(node: unknown, what: string): YAMLMap {
    return isMap(node) ? node : this.fail(node as Node, `${what} must be a mapping`);
  }

  list(map: YAMLMap, key: string, required: boolean): unknown[] {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return required ? this.fail(map, `missing "${key}"`) : [];
    return isSeq(node) ? node.items : this.fail(node, `"${key}" must be a list`);
  }

  str(map: YAMLMap, key: string, required: true, pattern?: RegExp): string;
  str(map: YAMLMap, key: string, required: false, pattern?: RegExp): string | undefined;
  str(map: YAMLMap, key: string, required: boolean, pattern?: RegExp): string | undefined {
    const node = map.get(key, true) as Node | undefined;
    const value = (node as { value?: unknown } | undefined)?.value;
    if (node === undefined || value === null || value === undefined) return required ? this.fail(map, `missing "${key}"`) : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return this.fail(node, `"${key}" must be text`);
    const s = String(value);
    if (pattern && !pattern.test(s)) this.fail(node, `"${key}" has an invalid value "${s}"`);
    return s;
  }

  num(map: YAMLMap, key: string, parse: (v: unknown) => number | null = (v) => (typeof v === 'number' && v > 0 ? v : null)): number | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    return parse((node as { value?: unknown }).value) ?? this.fail(node, `"${key}" must be a positive number${parse === parseSize ? ' or a size such as 500G' : ''}`);
  }

  customer(node: unknown): Customer {
    const m = this.map(node, 'a customer');
    const language = (this.str(m, 'language', false, /^(da|sv|de|en)$/) ?? 'en') as Language;
    const customer: Customer = {
      id: this.str(m, 'id', true, /^[A-Za-z0-9_.-]+$/),
      name: this.str(m, 'name', false) ?? this.str(m, 'id', true),
      country: this.str(m, 'country', true, /^[A-Z]{2}$/),
      language: LANGUAGES.includes(language) ? language : 'en',
      contacts: this.list(m, 'contacts', false).map((c) => this.contact(c)),
      hosts: this.list(m, 'hosts', true).map((h) => this.host(h)),
    };
    const manager = m.get('accountManager', true);
    if (manager !== undefined) customer.accountManager = this.contact(manager);
    return customer;
  }

  contact(node: unknown): Contact {
    const m = this.map(node, 'a contact');
    const contact: Contact = { name: this.str(m, 'name', true) };
    const email = this.str(m, 'email', false, /^[^@\s]+@[^@\s]+$/);
    const phone = this.str(m, 'phone', false, /^\+[1-9]\d{6,14}$/);
    const role = this.str(m, 'role', false);
    return { ...contact, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(role ? { role } : {}) };
  }

  host(node: unknown): InventoryHost {
    const m = this.map(node, 'a host');
    const host: InventoryHost = { name: this.str(m, 'name', true, /^[A-Za-z0-9_.-]+$/), disks: [] };
    const disksNode = m.get('disks', true) as Node | undefined;
    if (disksNode !== undefined) {
      const disks = this.map(disksNode, '"disks" (mount: size)');
      host.disks = disks.items.map((pair) => {
        const size = parseSize((pair.value as { value?: unknown } | null)?.value);
        const mount = String((pair.key as { value?: unknown }).value);
        return size === null ? this.fail(pair.value as Node, `disk ${mount}: size must be a number of bytes or a size such as 500G`) : { mount, sizeBytes: size };
      });
    }
    const optional = {
      pool: this.str(m, 'pool', false),
      cores: this.num(m, 'cores'),
      ramBytes: this.num(m, 'ram', parseSize),
      nodeExporterUrl: this.str(m, 'nodeExporter', false, /^https?:\/\/\S+$/),
      ocoAddress: this.str(m, 'oco', false, /^[A-Za-z0-9_.:[\]-]+:\d+$/),
    };
    for (const [k, value] of Object.entries(optional)) if (value !== undefined) Object.assign(host, { [k]: value });
    return host;
  }

  token(node: unknown): TokenGrant {
    const m = this.map(node, 'a token');
    const token = this.str(m, 'token', true);
    if (token.length < 16) this.fail(m.get('token', true) as Node, 'a token must be at least 16 characters');
    const role = this.str(m, 'role', true, /^(write|read|admin)$/) as TokenGrant['role'];
    if (role === 'write') return { token, role, customer: this.str(m, 'customer', true) };
    if (role === 'admin') return { token, role };
    const all = this.str(m, 'customers', false) === '*';
    return { token, role, customers: all ? '*' : this.list(m, 'customers', true).map((c) => String((c as { value?: unknown }).value)) };
  }
}

function checkReferences(customers: Customer[], tokens: TokenGrant[], root: YAMLMap, fail: Fail): void {
  const ids = new Set<string>();
  const hosts = new Set<string>();
  const customerNodes = (root.get('customers', true) as unknown as { items: Node[] }).items;
  customers.forEach((c, i) => {
    if (ids.has(c.id)) fail(customerNodes[i], `customer id "${c.id}" appears twice`);
    ids.add(c.id);
    for (const h of c.hosts) {
      if (hosts.has(h.name)) fail(customerNodes[i], `host "${h.name}" appears twice (host names are unique across customers)`);
      hosts.add(h.name);
    }
  });
  const tokenNodes = tokens.length ? (root.get('tokens', true) as unknown as { items: Node[] }).items : [];
  const seen = new Set<string>();
  tokens.forEach((t, i) => {
    if (seen.has(t.token)) fail(tokenNodes[i], 'the same token appears twice');
    seen.add(t.token);
    const named = t.role === 'write' ? [t.customer] : t.role === 'read' && t.customers !== '*' ? t.customers : [];
    for (const id of named) if (!ids.has(id)) fail(tokenNodes[i], `unknown customer "${id}"`);
  });
}
