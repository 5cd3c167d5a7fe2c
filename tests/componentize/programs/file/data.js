// Read from disk while the snapshot is taken: the module loader opens this
// file through WASI during initialization.
export const primes = [];
for (let n = 2; primes.length < 500; n++) {
  if (primes.every((p) => n % p !== 0)) primes.push(n);
}
export const greeting = 'loaded from data.js';
