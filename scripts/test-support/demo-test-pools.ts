/**
 * For tests: the subset of the demo fleet the tests load (DEMO_TEST_HOSTS) holds one host of each
 * demo pool. Here Hyggehjem's shop and its database share one, as a customer lending cores between
 * them would, so the shop's load, CPU and memory shortages have a pool whose headroom can be told.
 */
export const testPoolOf = (host: string): string | undefined => (host === 'hyggehjem-shop1' || host === 'hyggehjem-db1' ? 'hyggehjem-web' : undefined);
