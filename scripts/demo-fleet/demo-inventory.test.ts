import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../core/inventory/load-inventory.ts';
import { demoInventory, inventoryYaml } from './demo-inventory.ts';

describe('demo inventory', () => {
  it('round-trips through the inventory file format with every host of the fleet', () => {
    const inventory = demoInventory({ endMs: Date.UTC(2026, 10, 21) });
    const parsed = parseInventory(inventoryYaml(inventory), 'demo.yaml');
    expect(parsed).toEqual(inventory);
    expect(parsed.customers.flatMap((c) => c.hosts)).toHaveLength(30);
    expect(new Set(parsed.customers.map((c) => c.language))).toEqual(new Set(['da', 'sv', 'de']));
  });
});
