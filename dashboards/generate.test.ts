import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTING_YAML_PATH, DASHBOARDS_DIR, generatedFiles, MANAGED_DIRS, REPO_ROOT } from './generate.ts';

describe('generated Grafana files', () => {
  const files = generatedFiles();

  it.each(files.map((file) => [file.path, file]))('%s is committed exactly as generated', async (_path, file) => {
    const committed = await readFile(join(REPO_ROOT, file.path), 'utf8').catch(() => null);
    expect(committed, `${file.path} is missing or stale: run node dashboards/generate.ts`).toBe(file.content);
  });

  it('covers every provisioning file and dashboard', () => {
    expect(files.map((file) => file.path).sort()).toEqual(
      [
        'grafana/provisioning/datasources/runway.yaml',
        'grafana/provisioning/dashboards/runway.yaml',
        ALERTING_YAML_PATH,
        ...['fleet', 'host', 'customer', 'alerts', 'accuracy'].map((name) => `${DASHBOARDS_DIR}/runway-${name}.json`),
      ].sort(),
    );
  });

  it.each(MANAGED_DIRS.map((managed) => [managed.dir, managed] as const))(
    '%s holds no file the code no longer generates',
    async (dir, { extensions }) => {
      const committed = (await readdir(join(REPO_ROOT, dir))).filter((name) => extensions.some((e) => name.endsWith(e)));
      const generated = files.filter((file) => dirname(file.path) === dir).map((file) => basename(file.path));
      expect(committed.sort()).toEqual(generated.sort());
    },
  );

  it('is stable: two generations are identical and end with a newline', () => {
    const again = generatedFiles();
    expect(again).toEqual(files);
    for (const file of files) expect(file.content.endsWith('\n'), file.path).toBe(true);
  });
});
