// Answers of a pure function kept for the run: for the few questions every item asks again (a
// tag's slug, a day's date, a credit's photographer). At most `limit` are kept; reaching it
// drops them all, which costs a few recomputations and never a wrong answer.
export function memoized<K, V>(limit: number, fn: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    let v = kept.get(key);
    if (v === undefined && !kept.has(key)) {
      if (kept.size >= limit) kept.clear();
      kept.set(key, (v = fn(key)));
    }
    return v as V;
  };
}
