import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR, generatedFiles, REPO_ROOT } from './generate.ts';

describe('generated Grafana files', () => {
  const files = generatedFiles();

  it.each(files.map((file) => [file.path, file]))('%s is committed exactly as generated', async (_path, file) => {
    const committed = await readFile(join(REPO_ROOT, file.path), 'utf8').catch(() => null);
    expect(committed, `${file.path} is missing or stale: run npx tsx dashboards/generate.ts`).toBe(file.content);
  });

  it('grafana/dashboards holds no dashboard the code no longer generates', async () => {
    const committed = (await readdir(join(REPO_ROOT, DASHBOARDS_DIR))).filter((name) => name.endsWith('.json'));
    const generated = files
      .filter((file) => file.path.startsWith(`${DASHBOARDS_DIR}/`))
      .map((file) => file.path.slice(DASHBOARDS_DIR.length + 1));
    expect(committed.sort()).toEqual(generated.sort());
  });

  it('is stable: two generations are identical and end with a newline', () => {
    const again = generatedFiles();
    expect(again).toEqual(files);
    for (const file of files) expect(file.content.endsWith('\n'), file.path).toBe(true);
  });
});
