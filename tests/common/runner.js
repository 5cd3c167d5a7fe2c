// Runs snapshots under V8 for the Rust tests (see node.rs): for each module
// in the manifest, instantiate it with trapping stubs for its function
// imports, make the calls, and print results and exported state, one line
// each, prefixed with the case name and a tab.
'use strict';
const fs = require('fs');

const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const view = new DataView(new ArrayBuffer(8));

function toWasm(type, text) {
  switch (type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt(text)));
    case 'i64': return BigInt.asIntN(64, BigInt(text));
    case 'f32':
      view.setUint32(0, Number(BigInt(text.slice(4))));
      return view.getFloat32(0);
    case 'f64':
      view.setBigUint64(0, BigInt(text.slice(4)));
      return view.getFloat64(0);
    default: throw new Error(`cannot pass ${type} from JS`);
  }
}

function render(type, value) {
  switch (type) {
    case 'i32': return String(value | 0);
    case 'i64': return String(BigInt.asIntN(64, value));
    case 'f32':
      if (Number.isNaN(value)) return 'nan';
      view.setFloat32(0, value);
      return 'f32:0x' + view.getUint32(0).toString(16).padStart(8, '0');
    case 'f64':
      if (Number.isNaN(value)) return 'nan';
      view.setFloat64(0, value);
      return 'f64:0x' + view.getBigUint64(0).toString(16).padStart(16, '0');
    case 'v128': return 'v128';
    case 'funcref': return value === null ? 'ref.null func' : 'ref.func';
    case 'externref': return value === null ? 'ref.null extern' : 'ref.extern';
    default: return `?${type}`;
  }
}

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

for (const job of jobs) {
  const out = (line) => process.stdout.write(`${job.name}\t${line}\n`);
  let instance;
  try {
    const module = new WebAssembly.Module(fs.readFileSync(job.wasm));
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.kind !== 'function') continue;
      imports[imp.module] = imports[imp.module] || {};
      imports[imp.module][imp.name] = () => {
        throw new Error(`stub ${imp.module}.${imp.name} called`);
      };
    }
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    out(`cannot instantiate: ${e.message}`);
    continue;
  }
  job.calls.forEach((call, index) => {
    let rendered;
    if (call.params.includes('v128') || call.results.includes('v128')) {
      // v128 cannot cross the JS boundary: such a call is not made here.
      rendered = 'v128';
    } else {
      try {
        const args = call.params.map((t, i) => toWasm(t, call.args[i]));
        const result = instance.exports[call.func](...args);
        const values = call.results.length === 1 ? [result] : (result || []);
        rendered = call.results.map((t, i) => render(t, values[i])).join(',');
      } catch (e) {
        rendered = 'trap';
      }
    }
    out(`call ${index} ${call.func}: ${rendered}`);
  });
  const types = new Map(job.globals);
  const names = Object.keys(instance.exports).sort();
  for (const name of names) {
    const item = instance.exports[name];
    if (item instanceof WebAssembly.Global) {
      // A v128 global's value cannot be read from JS.
      const type = types.get(name);
      out(`global ${name}: ${type === 'v128' ? 'v128' : render(type, item.value)}`);
    } else if (item instanceof WebAssembly.Memory) {
      const bytes = new Uint8Array(item.buffer);
      out(`memory ${name}: ${bytes.length} ${fnv1a(bytes)}`);
    }
  }
}
