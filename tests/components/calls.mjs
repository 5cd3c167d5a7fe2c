// Makes `calls` ([export, ...args] each) on an instantiated component, in
// order, and returns what each returned: a value (a bigint as a string,
// nothing as null), {"error": ...} if it threw, or {"missing": name}.
// Export names are looked up as jco spells them (`get-again` as `getAgain`).
export function call(instance, calls) {
  const results = [];
  for (const [name, ...args] of calls) {
    const camel = name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const func = instance[camel] ?? instance[name];
    if (typeof func !== 'function') {
      results.push({ missing: name });
      continue;
    }
    try {
      const value = func(...args);
      results.push(typeof value === 'bigint' ? value.toString() : value ?? null);
    } catch (e) {
      results.push({ error: String(e) });
    }
  }
  return results;
}
