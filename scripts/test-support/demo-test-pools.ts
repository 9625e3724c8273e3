import { DEMO_NOW_MS, DEMO_TEST_HOSTS } from './global-setup.ts';
import { demoFleet } from '../demo-fleet/fleet.ts';

/**
 * For tests: the subset of the demo fleet the tests load (DEMO_TEST_HOSTS) keeps one host of each
 * pool of the demo inventory (pools are per customer and kind), and a pool's headroom needs two
 * hosts. So the tests pool each customer's hosts together, as a customer lending cores and memory
 * between its servers would: hyggehjem's four hosts make one pool named after the customer.
 */
export function testPoolOf(): (host: string) => string | undefined {
  const customerOf = new Map(demoFleet({ endMs: DEMO_NOW_MS, hosts: DEMO_TEST_HOSTS }).map((h) => [h.host, h.customer]));
  return (host) => customerOf.get(host);
}
