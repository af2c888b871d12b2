/**
 * Label placement for the situation display: every place gets a readable
 * label that overlaps no other label and no other place's dot; places too
 * close for that are clustered (« Bruxelles + Vilvoorde », « Lyon + 2 lieux »),
 * and a cluster that still finds no room joins its nearest neighbour. Pure
 * (the caller measures text), so the rule is tested without a browser; the
 * DOM lists every place anyway.
 */
export interface Box { x: number; y: number; w: number; h: number }
export interface Site { id: string; x: number; y: number; name: string; detail?: string; priority: number }
export interface PlacedLabel { ids: string[]; anchor: { x: number; y: number }; lines: string[]; box: Box }
export interface PlaceOptions {
  /** Sites closer than this (pixels) start in one cluster. */
  clusterPx: number;
  /** Half the size of a place's dot: no label may cover another place's dot. */
  dot: number;
  /** Text for the other members of a cluster: one name, or a count. */
  more: (names: string[]) => string;
  measure: (lines: string[]) => { w: number; h: number };
}

export const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, area: Box): boolean => a.x >= area.x && a.y >= area.y && a.x + a.w <= area.x + area.w && a.y + a.h <= area.y + area.h;

interface Cluster { sites: Site[] }
const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const head = (c: Cluster) => c.sites[0];
const sortSites = (s: Site[]) => s.sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));

function linesOf(c: Cluster, o: PlaceOptions): string[] {
  const [first, ...rest] = c.sites;
  if (rest.length === 0) return first.detail ? [first.name, first.detail] : [first.name];
  return [first.name, o.more(rest.map((s) => s.name))];
}

/** Candidate boxes around an anchor, in order of preference: right, left, above, below, then the diagonals. */
function candidates(x: number, y: number, w: number, h: number, gap: number): Box[] {
  return [[x + gap, y - h / 2], [x - gap - w, y - h / 2], [x - w / 2, y - gap - h], [x - w / 2, y + gap],
    [x + gap, y - h - gap / 2], [x + gap, y + gap / 2], [x - gap - w, y - h - gap / 2], [x - gap - w, y + gap / 2]]
    .map(([bx, by]) => ({ x: Math.round(bx), y: Math.round(by), w, h }));
}

function merge(clusters: Cluster[], i: number, j: number): Cluster[] {
  const joined: Cluster = { sites: sortSites([...clusters[i].sites, ...clusters[j].sites]) };
  return [...clusters.filter((_, k) => k !== i && k !== j), joined];
}

function nearest(clusters: Cluster[], i: number): number {
  let best = -1, dist = Infinity;
  clusters.forEach((c, j) => {
    if (j === i) return;
    const d = Math.hypot(head(c).x - head(clusters[i]).x, head(c).y - head(clusters[i]).y);
    if (d < dist) { dist = d; best = j; }
  });
  return best;
}

/** Place one label per cluster inside `area`; no two labels overlap and no label covers another cluster's dot. */
export function placeLabels(sites: readonly Site[], area: Box, o: PlaceOptions): PlacedLabel[] {
  let clusters: Cluster[] = sortSites([...sites]).map((s) => ({ sites: [s] }));
  // Start from proximity: sites whose dots nearly touch are one cluster from the outset.
  for (let merged = true; merged;) {
    merged = false;
    outer: for (let i = 0; i < clusters.length; i++) for (let j = i + 1; j < clusters.length; j++) {
      if (Math.hypot(head(clusters[i]).x - head(clusters[j]).x, head(clusters[i]).y - head(clusters[j]).y) < o.clusterPx) {
        clusters = merge(clusters, i, j); merged = true; break outer;
      }
    }
  }
  for (let attempt = 0; attempt <= sites.length; attempt++) {
    clusters.sort((a, b) => head(b).priority - head(a).priority || head(a).name.localeCompare(head(b).name));
    const dots = clusters.map((c) => c.sites.map((s) => ({ x: s.x - o.dot, y: s.y - o.dot, w: o.dot * 2, h: o.dot * 2 })));
    const placed: PlacedLabel[] = [];
    let failed = -1;
    for (const [i, c] of clusters.entries()) {
      const free = (b: Box) => inside(b, area) && !placed.some((p) => overlaps(p.box, b)) && !dots.some((ds, k) => k !== i && ds.some((d) => overlaps(d, b)));
      // Shorter and shorter: every line, the first line, the first line cut short; then the cluster joins a neighbour.
      const full = linesOf(c, o);
      const tries = [full, full.slice(0, 1), [shorten(full[0], 14)]];
      let done = false;
      for (const lines of tries) {
        const { w, h } = o.measure(lines);
        const box = candidates(head(c).x, head(c).y, w, h, o.dot + 3).find(free);
        if (box) { placed.push({ ids: c.sites.map((s) => s.id), anchor: { x: head(c).x, y: head(c).y }, lines, box }); done = true; break; }
      }
      if (!done) { failed = i; break; }
    }
    if (failed < 0) return placed;
    if (clusters.length === 1) {
      // Alone and still no room (a tiny map): keep the label inside the area; nothing else can overlap it.
      const c = clusters[0], lines = linesOf(c, o), { w, h } = o.measure(lines);
      const x = Math.max(area.x, Math.min(area.x + area.w - w, head(c).x + o.dot + 3)), y = Math.max(area.y, Math.min(area.y + area.h - h, head(c).y - h / 2));
      return [{ ids: c.sites.map((s) => s.id), anchor: { x: head(c).x, y: head(c).y }, lines, box: { x, y, w, h } }];
    }
    clusters = merge(clusters, failed, nearest(clusters, failed));
  }
  return [];
}
