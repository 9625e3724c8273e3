import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,ingest,forecast,alerting,dashboards,cli,scripts}/**/*.test.ts'],
    // Integration tests share one InfluxDB; each uses its own database, so files may run in parallel.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
