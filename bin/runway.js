#!/usr/bin/env node
// The runway command. On Node 24 or newer it runs the TypeScript sources as they are (Node strips the types), so
// there is no build to forget. Node refuses to strip types under node_modules, so an installed package (npm
// install -g, npx) runs the JavaScript that `npm pack` compiled into dist/. On an older Node it re-runs itself
// on the runtime bin/runtime.cjs finds or installs, or says exactly what to install.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { MIN_MAJOR, findRuntime, majorOf } = createRequire(import.meta.url)('./runtime.cjs');

if (majorOf(process.version) < MIN_MAJOR) {
  const found = findRuntime({ install: true });
  if (!found.node) {
    process.stderr.write(`runway: ${found.why}\n`);
    process.exit(1);
  }
  const child = spawn(found.node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group, so the parent only waits for it to finish;
  // a signal sent to the parent alone is passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const installed = import.meta.url.includes('/node_modules/');
  const { main } = await import(installed ? '../dist/cli/main.js' : '../cli/main.ts');
  const code = await main(process.argv.slice(2));
  if (code !== undefined) process.exitCode = code;
}
