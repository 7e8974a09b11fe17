/**
 * The command palette's matching: every character of the query must appear in order in the
 * label (case-insensitive). Ranks a prefix above a word start above a substring above a
 * scattered match, then shorter labels first, so "ord" finds "orders" before "payment-records".
 */
export function fuzzyScore(query: string, label: string): number | null {
  const q = query.trim().toLowerCase();
  if (q === '') return 0;
  const l = label.toLowerCase();
  const at = l.indexOf(q);
  if (at === 0) return 1000 - l.length;
  if (at > 0 && /[\s._\-/:]/.test(l[at - 1]!)) return 800 - l.length;
  if (at > 0) return 600 - l.length;
  let from = 0;
  let gaps = 0;
  for (const c of q) {
    const found = l.indexOf(c, from);
    if (found < 0) return null;
    gaps += found - from;
    from = found + 1;
  }
  return 400 - gaps - l.length;
}

/** Items whose label matches, best first; the order of equal scores is kept. */
export function fuzzyFilter<T>(query: string, items: readonly T[], label: (item: T) => string): T[] {
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = fuzzyScore(query, label(item));
    if (score !== null) scored.push({ item, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.item);
}
