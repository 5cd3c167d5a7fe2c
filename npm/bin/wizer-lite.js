#!/usr/bin/env node
// Runs wizer-lite (compiled to wasm32-wasip1) under Node's WASI with the
// user's arguments. Paths in the arguments are made absolute, and only the
// directories they name (the input's, the output's, the report's, the
// preloads', and the WASI directories given to the guest) are preopened.
'use strict';

// Node 20 marks WASI experimental; the warning is noise for a CLI.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes('WASI')) return;
  emitWarning.call(process, warning, ...rest);
};

const fs = require('node:fs');
const path = require('node:path');
const { WASI } = require('node:wasi');

// Node 20's incremental marking, started by the external-memory pressure
// of a growing WASI memory, frees the WASI object while it is in use: the
// process aborts or crashes, intermittently, once a wasm32-wasip1 program
// grows its memory past ~64 MiB (seen here on v20.20 with any such
// program, not only this one). Without incremental marking it does not.
require('node:v8').setFlagsFromString('--no-incremental-marking');

// Flags that take a value (as the next argument or after `=`).
const VALUE = new Set([
  '-o', '--output', '-f', '--init-func', '-r', '--rename-func', '--func-rename',
  '--env', '--dir', '--mapdir', '--dir-read-only', '--preload', '--features',
  '--fuel', '--timeout', '--max-memory', '--max-table-elements', '--max-call-depth',
  '--random-seed', '--report',
]);
// Flags whose value is optional: a following `true`/`false` is theirs.
const OPTIONAL_BOOL = new Set(['--keep-init-func', '--inherit-stdio', '--inherit-env']);

const preopens = {};
function preopen(dir) {
  const abs = path.resolve(dir);
  preopens[abs] = abs;
  return abs;
}
function file(p) {
  if (p === '-') return p;
  const abs = path.resolve(p);
  preopen(path.dirname(abs));
  return abs;
}
function hostDir(spec) {
  // `GUEST::HOST` keeps the guest name; a bare `DIR` is its own guest name.
  const at = spec.indexOf('::');
  return at < 0 ? `${spec}::${preopen(spec)}` : `${spec.slice(0, at)}::${preopen(spec.slice(at + 2))}`;
}
function rewrite(flag, value) {
  switch (flag) {
    case '-o': case '--output': case '--report': return file(value);
    case '--dir': return hostDir(value);
    case '--mapdir': case '--dir-read-only': return hostDir(value);
    case '--preload': {
      const at = value.indexOf('=');
      return at < 0 ? value : `${value.slice(0, at)}=${file(value.slice(at + 1))}`;
    }
    default: return value;
  }
}

const input = process.argv.slice(2);
const args = [];
for (let i = 0; i < input.length; i++) {
  const arg = input[i];
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  const flag = eq > 0 ? arg.slice(0, eq) : arg;
  // `--dir DIR` becomes `--mapdir DIR::/abs/DIR` so the guest name stays.
  const renamed = flag === '--dir' ? '--mapdir' : flag;
  if ((VALUE.has(flag) || flag.startsWith('--wasm-')) && eq > 0) {
    args.push(`${renamed}=${rewrite(flag, arg.slice(eq + 1))}`);
  } else if (VALUE.has(flag) || flag.startsWith('--wasm-')) {
    args.push(renamed);
    if (i + 1 < input.length) args.push(rewrite(flag, input[++i]));
  } else if (OPTIONAL_BOOL.has(flag) && (input[i + 1] === 'true' || input[i + 1] === 'false')) {
    args.push(arg, input[++i]);
  } else if (!arg.startsWith('-') || arg === '-') {
    args.push(file(arg));
  } else {
    args.push(arg);
  }
}

const wasi = new WASI({
  version: 'preview1',
  args: ['wizer-lite', ...args],
  env: process.env,
  preopens,
  returnOnExit: true,
});
let instance;
try {
  const wasm = fs.readFileSync(path.join(__dirname, '..', 'wizer-lite.wasm'));
  instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), wasi.getImportObject());
} catch (error) {
  console.error(`error: failed to start wizer-lite: ${error.message}`);
  process.exit(1);
}
process.exitCode = wasi.start(instance);
