// The top level throws: the build must fail and say why.
const config = undefined;
if (!config) {
  throw new Error('configuration missing: set it before building');
}
export function run() {
  return 'unreachable';
}
