import { volumeAt } from "../../shared/engine/volume.js";
import type { DeliveryView } from "../../shared/engine/view.js";

/**
 * The figures of the social feed, pure: a post's shares and likes at a game
 * time (its volume curve from the scenario, the same function the engine's
 * conditions read, so the counter a player sees is the one triggers compare),
 * and the trending hashtags.
 */

/** Likes per share when the scenario does not say (`likes:` on the inject). */
export const DEFAULT_LIKES = 3;

/** Shares of a post at game time `t`: its curve if it has one, else its fixed count, else 0. */
export function sharesAt(d: Pick<DeliveryView, "at" | "shares" | "volume">, t: number): number {
  if (d.volume) return volumeAt(d.volume, d.at, d.volume.scales, Math.max(t, d.at));
  return d.shares ?? 0;
}

/** Likes follow the shares (`likes` per share). */
export function likesAt(d: Pick<DeliveryView, "at" | "shares" | "volume" | "likes">, t: number): number {
  return Math.round(sharesAt(d, t) * (d.likes ?? DEFAULT_LIKES));
}

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
