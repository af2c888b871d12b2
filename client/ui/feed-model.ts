/**
 * The trending hashtags of the social feed, pure. A post's shares and likes are
 * not computed here: the server sends their value now (shared/engine/reveal.ts),
 * never the curve they follow, so the browser never holds a future count.
 */

/** The hashtags of a text, as written (« #Logirhone »), once each. */
export function hashtags(text: string): string[] {
  return [...new Set([...text.matchAll(/#[\p{L}\p{N}_]{2,40}/gu)].map((m) => m[0]))];
}

export interface Trend { tag: string; posts: number; shares: number }

/** The hashtags of the posts seen, weighted by their shares now (ties: more posts, then alphabetical); case-insensitive. */
export function trending(posts: readonly { text: string; shares: number }[], max = 5): Trend[] {
  const byTag = new Map<string, Trend>();
  for (const p of posts) {
    for (const tag of hashtags(p.text)) {
      const key = tag.toLowerCase();
      const tr = byTag.get(key) ?? { tag, posts: 0, shares: 0 };
      tr.posts++;
      tr.shares += p.shares;
      byTag.set(key, tr);
    }
  }
  return [...byTag.values()].sort((a, b) => b.shares - a.shares || b.posts - a.posts || a.tag.localeCompare(b.tag)).slice(0, max);
}
