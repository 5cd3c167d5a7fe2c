// Runs many components under jco and Node in one process, so that hundreds
// of components cost one Node start: each is transpiled with jco's API (as
// `jco transpile --instantiation async`), instantiated with WASI 0.2 from
// jco's shim (no arguments, no network; no preopen or environment unless
// the job gives them) and a `log` import that records what it is passed,
// and its calls made in order, each `[export, ...args]`.
// Usage: node batch.mjs JOBS_JSON [OUT_FILE]
// JOBS_JSON is a file holding a list of jobs, each {"wasm": PATH, "calls":
// [[...]]}, optionally with "preopen": HOST_DIR (mounted as `/config`),
// "env": [[name, value], ...], "wit": true (also print its WIT, as
// `wasm-tools component wit` does) and "componentize": true (the file is a
// core module: make it a component first, as `wasm-tools component new`
// does). One JSON line per job: {"results":
// [...], "logged": [...]} (each result a value or {"error": ...}), with
// "wit" when asked, or {"error": ...} when the component does not run at
// all. The lines go to OUT_FILE when given (what the components print goes
// to stdout), else to stdout.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { componentNew, componentWit, transpile } from '@bytecodealliance/jco';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { call } from './calls.mjs';

const jobs = JSON.parse(await readFile(process.argv[2], 'utf8'));
const outFile = process.argv[3];
const scratch = await mkdtemp(join(tmpdir(), 'wizer-lite-batch-'));
const lines = [];
let n = 0;
try {
  for (const job of jobs) {
    const line = JSON.stringify(await run(job));
    if (outFile) {
      lines.push(line);
    } else {
      console.log(line);
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
if (outFile) {
  await writeFile(outFile, lines.map((l) => l + '\n').join(''));
}

async function run(job) {
  const dir = join(scratch, `c${n++}`);
  try {
    const file = await readFile(job.wasm);
    const bytes = job.componentize ? await componentNew(file, []) : file;
    const wit = job.wit ? { wit: await componentWit(bytes) } : {};
    const { files } = await transpile(bytes, { name: 'component', instantiation: 'async' });
    const entries = Array.isArray(files) ? files : Object.entries(files);
    for (const [name, source] of entries) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), source);
    }
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    const { instantiate } = await import(pathToFileURL(join(dir, 'component.js')));
    const preopens = job.preopen ? { '/config': resolve(job.preopen) } : {};
    const env = Object.fromEntries(job.env ?? []);
    const shim = new WASIShim({ sandbox: { preopens, env, args: [], enableNetwork: false } });
    const logged = [];
    const imports = { ...shim.getImportObject(), log: { default: (x) => logged.push(x) } };
    const instance = await instantiate(
      (path) => readFile(join(dir, path)).then((b) => WebAssembly.compile(b)),
      imports,
    );
    const results = call(instance, job.calls);
    return { results, logged, ...wit };
  } catch (e) {
    return { error: String(e) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
