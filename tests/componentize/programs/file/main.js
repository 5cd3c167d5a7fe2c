// Imports another file of the program: it is read during initialization.
import { greeting, primes } from './data.js';

const sum = primes.reduce((a, b) => a + b, 0);

export function run() {
  return `${greeting}: ${primes.length} primes, the last ${primes.at(-1)}, sum ${sum}`;
}
