// Runs a benchmark program's `run` under Node (V8) with node:wasi:
//   node program.mjs MODULE INPUT
// instantiates MODULE, copies INPUT into memory through `alloc`, and prints
// what `run(ptr, len)` returns.
import { WASI } from 'node:wasi';
import fs from 'node:fs';

const [wasmPath, inputPath] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [], env: {} });
const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
wasi.initialize(instance);
const input = fs.readFileSync(inputPath);
const ptr = instance.exports.alloc(input.length);
new Uint8Array(instance.exports.memory.buffer, ptr, input.length).set(input);
console.log(instance.exports.run(ptr, input.length));
