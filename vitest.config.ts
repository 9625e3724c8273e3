import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,ingest,forecast,alerting,dashboards,service,cli,scripts,bench}/**/*.test.ts'],
    // Integration tests share one InfluxDB; each uses its own database, so files may run in parallel.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['scripts/test-support/global-setup.ts'],
  },
});
