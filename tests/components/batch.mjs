// Runs many components under jco and Node in one process, so that hundreds
// of generated graphs cost one Node start: each is transpiled with jco's API
// (as `jco transpile --instantiation async`), instantiated with no imports,
// and its calls made in order, each `[export, ...args]`.
// Usage: node batch.mjs JOBS_JSON
// JOBS_JSON is a file holding a list of {"wasm": PATH, "calls": [[...]]};
// prints one JSON line per job: {"results": [...]}, each result a value or
// {"error": ...}, or {"error": ...} when the component does not run at all.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '@bytecodealliance/jco';
import { call } from './calls.mjs';

const jobs = JSON.parse(await readFile(process.argv[2], 'utf8'));
const scratch = await mkdtemp(join(tmpdir(), 'wizer-lite-batch-'));
let n = 0;
try {
  for (const job of jobs) {
    console.log(JSON.stringify(await run(job)));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function run(job) {
  const dir = join(scratch, `c${n++}`);
  try {
    const bytes = await readFile(job.wasm);
    const { files } = await transpile(bytes, { name: 'component', instantiation: 'async' });
    const entries = Array.isArray(files) ? files : Object.entries(files);
    for (const [name, source] of entries) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), source);
    }
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    const { instantiate } = await import(pathToFileURL(join(dir, 'component.js')));
    const instance = await instantiate(
      (path) => readFile(join(dir, path)).then((b) => WebAssembly.compile(b)),
      {},
    );
    const results = call(instance, job.calls);
    return { results };
  } catch (e) {
    return { error: String(e) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
