/** `map.get(key)` for a key the caller has put there itself: a miss is a bug, reported as one. */
export function mustGet<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal error: no entry for ${JSON.stringify(key)}`);
  return value;
}

/** The item of `items` the caller knows is there: a miss is a bug, reported as one. */
export function mustFind<T>(items: readonly T[], test: (item: T) => boolean, what: string): T {
  const item = items.find(test);
  if (item === undefined) throw new Error(`internal error: no ${what}`);
  return item;
}
