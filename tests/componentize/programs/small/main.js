// The smallest program: nothing happens at the top level.
export function run() {
  return 'hello from a snapshot';
}
