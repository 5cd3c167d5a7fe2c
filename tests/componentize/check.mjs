// Runs one program two ways and prints both results: as the component
// ComponentizeJS built (snapshotted by the wizer under test), transpiled by
// jco and run under Node; and as plain JavaScript under Node. The two must
// be equal.
// Usage: node check.mjs TRANSPILED_DIR PROGRAM_DIR
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [transpiled, program] = process.argv.slice(2).map((p) => resolve(p));
const component = await import(pathToFileURL(join(transpiled, 'component.js')));
const plain = await import(pathToFileURL(join(program, 'main.js')));
const got = component.run();
const want = plain.run();
if (got !== want) {
  console.error(`component: ${got}\nplain JS:  ${want}`);
  process.exit(1);
}
console.log(got);
