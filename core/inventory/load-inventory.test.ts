import { describe, expect, it } from 'vitest';
import { isRunwayError } from '../errors.ts';
import { hostIndex } from './inventory.ts';
import { parseInventory } from './load-inventory.ts';

const GOOD = `
customers:
  - id: hyggehjem
    name: Hyggehjem ApS
    country: DK
    language: da
    contacts:
      - { name: Mette Hansen, email: mette@hyggehjem.example, phone: "+4520000001", role: admin }
    accountManager: { name: Lars Holm, email: lars@hosting.example }
    hosts:
      - name: shop1
        pool: web
        cores: 8
        ram: 16GiB
        disks: { "/": 50G, /var/www: 200G }
        nodeExporter: http://10.0.0.5:9100/metrics
        oco: 10.0.0.5:79
  - id: krueger
    country: DE
    language: de
    hosts:
      - { name: krueger-db1, cores: 12 }
tokens:
  - { token: write-hyggehjem-0123456789, role: write, customer: hyggehjem }
  - { token: planner-token-0123456789, role: read, customers: "*" }
  - { token: am-token-0123456789abcd, role: read, customers: [krueger] }
  - { token: admin-token-0123456789ab, role: admin }
`;

function errorOf(text: string): { line: number; message: string } {
  try {
    parseInventory(text, 'inv.yaml');
  } catch (e) {
    if (isRunwayError(e, 'RUNWAY_ERR_INVENTORY_INVALID')) return { line: e.details.line as number, message: e.message };
    throw e;
  }
  throw new Error('no error');
}

describe('inventory', () => {
  it('reads customers, hosts with capacities, contacts and tokens', () => {
    const inv = parseInventory(GOOD, 'inv.yaml');
    const shop = inv.customers[0]!.hosts[0]!;
    expect(shop).toEqual({
      name: 'shop1', pool: 'web', cores: 8, ramBytes: 16 * 2 ** 30,
      disks: [{ mount: '/', sizeBytes: 50e9 }, { mount: '/var/www', sizeBytes: 200e9 }],
      nodeExporterUrl: 'http://10.0.0.5:9100/metrics', ocoAddress: '10.0.0.5:79',
    });
    expect(inv.customers[1]).toMatchObject({ id: 'krueger', name: 'krueger', country: 'DE', language: 'de', contacts: [] });
    expect(inv.tokens.map((t) => t.role)).toEqual(['write', 'read', 'read', 'admin']);
    expect(hostIndex(inv).get('krueger-db1')?.customer.id).toBe('krueger');
  });

  it('names the line of every mistake', () => {
    expect(errorOf(GOOD.replace('country: DE', 'country: Germany'))).toMatchObject({ line: 19, message: expect.stringContaining('"country" has an invalid value "Germany"') });
    expect(errorOf(GOOD.replace('ram: 16GiB', 'ram: lots'))).toMatchObject({ line: 14 });
    expect(errorOf(GOOD.replace('{ name: krueger-db1, cores: 12 }', '{ name: shop1 }'))).toMatchObject({ message: expect.stringContaining('host "shop1" appears twice') });
    expect(errorOf(GOOD.replace('customers: [krueger]', 'customers: [nobody]'))).toMatchObject({ line: 26, message: expect.stringContaining('unknown customer "nobody"') });
    expect(errorOf(GOOD.replace('admin-token-0123456789ab', 'short'))).toMatchObject({ line: 27, message: expect.stringContaining('at least 16 characters') });
    expect(errorOf('customers: [\n  oops')).toMatchObject({ message: expect.stringContaining('inv.yaml line') });
    expect(errorOf('tokens: []\n')).toMatchObject({ line: 1, message: expect.stringContaining('missing "customers"') });
  });
});
