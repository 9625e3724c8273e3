'use strict';
// Finds the Node.js that runs Runway: the one running this file when it is new enough, otherwise Node 24 LTS
// from the npm registry's node-linux-<arch> package, kept in var/runtime beside the project and installed there
// when asked. One file for ./scripts/start, ./scripts/test and the runway command (however it was installed),
// so they agree. CommonJS and old syntax on purpose: it has to run on the old Node it replaces.
//
// As a command: `node bin/runtime.cjs [--install]` prints the path of the runtime on stdout and says on stderr
// which runtime it chose and why; it exits 1 with what to do when there is none.

const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const MIN_MAJOR = 24;
const ROOT = path.resolve(__dirname, '..');
const RUNTIME_DIR = path.join(ROOT, 'var', 'runtime');

function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** The npm package that ships Node for this platform, or null where the registry has none. */
function runtimePackage() {
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return process.platform === 'linux' && arch ? 'node-linux-' + arch : null;
}

function installedPath(runtimeDir) {
  const pkg = runtimePackage();
  return pkg ? path.join(runtimeDir, 'node_modules', pkg, 'bin', 'node') : null;
}

function versionOf(node) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch (e) {
    return null;
  }
}

function install(runtimeDir) {
  const pkg = runtimePackage();
  const args = ['install', '--prefix', runtimeDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', pkg + '@' + MIN_MAJOR];
  // stdout goes to stderr: callers read the chosen path from this command's stdout.
  execFileSync('npm', args, { stdio: ['ignore', 2, 2] });
}

function manualAdvice(version, runtimeDir) {
  const pkg = runtimePackage();
  const lines = ['Runway needs Node.js ' + MIN_MAJOR + ' or newer; this is ' + version + '.'];
  if (pkg) lines.push('Install it with:  npm install --prefix ' + runtimeDir + ' ' + pkg + '@' + MIN_MAJOR + '   (as a user who may write there)');
  lines.push('or install Node.js ' + MIN_MAJOR + ' LTS from your distribution or nodejs.org and put it first on PATH.');
  return lines.join('\n');
}

/**
 * Returns { node, why } for a runtime that can run Runway, or { node: null, why } with what to do.
 * With install set, a missing runtime is installed from the npm registry. version and runtimeDir default to
 * this process's version and var/runtime.
 */
function findRuntime(options) {
  const opts = options || {};
  const version = opts.version || process.version;
  const runtimeDir = opts.runtimeDir || RUNTIME_DIR;
  if (majorOf(version) >= MIN_MAJOR) {
    return { node: process.execPath, why: 'Node.js ' + version + ' at ' + process.execPath + ' (the machine\'s, ' + MIN_MAJOR + ' or newer)' };
  }
  const local = installedPath(runtimeDir);
  const older = 'Node.js ' + version + ' on this machine is older than ' + MIN_MAJOR;
  if (!local) return { node: null, why: manualAdvice(version, runtimeDir) };
  let localVersion = existsSync(local) ? versionOf(local) : null;
  if (!(localVersion && majorOf(localVersion) >= MIN_MAJOR) && opts.install) {
    process.stderr.write('runway: ' + older + '; installing Node.js ' + MIN_MAJOR + ' LTS from the npm registry (' + runtimePackage() + ') into ' + runtimeDir + '\n');
    try {
      install(runtimeDir);
    } catch (e) {
      return { node: null, why: 'installing ' + runtimePackage() + ' failed (' + e.message.split('\n')[0] + ').\n' + manualAdvice(version, runtimeDir) };
    }
    localVersion = versionOf(local);
  }
  if (localVersion && majorOf(localVersion) >= MIN_MAJOR) {
    return { node: local, why: 'Node.js ' + localVersion + ' from ' + path.relative(process.cwd(), local) + ' (' + older + ')' };
  }
  return { node: null, why: manualAdvice(version, runtimeDir) };
}

module.exports = { MIN_MAJOR, findRuntime, majorOf };

if (require.main === module) {
  const found = findRuntime({ install: process.argv.includes('--install') });
  process.stderr.write('runway: ' + (found.node ? 'using ' : '') + found.why + '\n');
  if (!found.node) process.exit(1);
  process.stdout.write(found.node + '\n');
}
