// Prints a component's WIT, as `wasm-tools component wit` does (jco
// carries wasm-tools' `component wit`, compiled to JavaScript), so that the
// component tests need no wasm-tools binary.
// Usage: node wit.mjs COMPONENT_WASM
import { readFile } from 'node:fs/promises';
import { componentWit } from '@bytecodealliance/jco';

process.stdout.write(await componentWit(await readFile(process.argv[2])));
