// Runs a component transpiled by jco (`--instantiation async`) under Node
// and prints, as JSON, what each call returned and what the component
// passed to its `log` import, if it has one.
// Usage: node run.mjs TRANSPILED_DIR CALLS_JSON [PREOPEN_HOST_DIR [ENV_JSON]]
// CALLS_JSON is a list of [export, ...args]. The sandbox has no arguments,
// no network, and no preopen or environment unless given (the preopen is
// mounted as `/config`; ENV_JSON is a list of [name, value]).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { call } from './calls.mjs';

const [dir, callsJson, preopen, envJson] = process.argv.slice(2);
const out = resolve(dir);
const { instantiate } = await import(pathToFileURL(join(out, 'component.js')));
const preopens = preopen ? { '/config': resolve(preopen) } : {};
const env = Object.fromEntries(envJson ? JSON.parse(envJson) : []);
const shim = new WASIShim({ sandbox: { preopens, env, args: [], enableNetwork: false } });
const logged = [];
const imports = { ...shim.getImportObject(), log: { default: (x) => logged.push(x) } };
const instance = await instantiate(
  (path) => readFile(join(out, path)).then((bytes) => WebAssembly.compile(bytes)),
  imports,
);
const results = call(instance, JSON.parse(callsJson));
console.log(JSON.stringify({ results, logged }));
