import type { Page } from "playwright-core";

/**
 * Checks on what a screen shows, run in the page:
 * - `textOverlaps`: every visible text under a root, clipped by the boxes
 *   that clip it; returns each pair drawn over each other. Empty: readable.
 * - `labelOverlaps`: every text on the situation display — the labels the
 *   map scene placed (published as `data-labels` on its container, in canvas
 *   pixels) and every visible DOM text around it (clipped by the boxes that
 *   clip it) — as page rectangles (the fragments of one text node are one text); returns each pair that overlaps by more
 *   than a pixel, and any canvas label outside the canvas. Empty: readable.
 * - `systemEmoji`: characters that need an emoji or symbol font (pictographs,
 *   dingbats, geometric shapes, miscellaneous technical) in the interface's
 *   own text — the scenario's authored text (`[data-authored]`) and the
 *   rubric's shared prose aside.
 */
/** A text's rectangle on the page (a canvas label, or one line fragment of a DOM text node: `node` tells the fragments of one node apart from other texts). */
type Box = { x: number; y: number; w: number; h: number; what: string; node?: number };

/**
 * The rectangles of every visible text under `root` (the first element the selector finds), each clipped by
 * the scrolling boxes around it: not drawn are empty texts, texts inside `skip`, and what the browser lays out
 * but does not paint (a closed disclosure's content, visibility hidden).
 */
function textBoxes(page: Page, root: string, skip: string): Promise<Box[]> {
  return page.evaluate(([sel, skipSel]) => {
    const top = document.querySelector(sel)!;
    const boxes: Box[] = [];
    const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
    let node = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      node++;
      const parent = n.parentElement!;
      if (!n.textContent?.trim() || parent.closest(skipSel) || !parent.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of Array.from(range.getClientRects())) {
        let x1 = r.left, y1 = r.top, x2 = r.right, y2 = r.bottom;
        for (let a: Element | null = parent; a && a !== document.body; a = a.parentElement) {
          const st = getComputedStyle(a);
          if (st.overflowX !== "visible" || st.overflowY !== "visible") { const ar = a.getBoundingClientRect(); x1 = Math.max(x1, ar.left); y1 = Math.max(y1, ar.top); x2 = Math.min(x2, ar.right); y2 = Math.min(y2, ar.bottom); }
        }
        if (x2 - x1 > 0.5 && y2 - y1 > 0.5) boxes.push({ x: x1, y: y1, w: x2 - x1, h: y2 - y1, what: n.textContent.trim().slice(0, 40), node });
      }
    }
    return boxes;
  }, [root, skip] as const);
}

/** Each pair of boxes, other than two fragments of one text node, that overlap by more than a pixel. */
function overlapping(boxes: Box[]): string[] {
  const over = (a: Box, b: Box) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if ((boxes[i].node === undefined || boxes[i].node !== boxes[j].node) && over(boxes[i], boxes[j])) out.push(`${boxes[i].what} × ${boxes[j].what}`);
  return out;
}

/** Pairs of visible texts under `root` drawn over each other, SVG pictures and the editor's shadow root aside. Empty: readable. */
export async function textOverlaps(page: Page, root: string): Promise<string[]> {
  return overlapping(await textBoxes(page, root, ".sr-only, [hidden], svg"));
}

export async function labelOverlaps(page: Page): Promise<string[]> {
  const { labels, outside } = await page.evaluate(() => {
    const host = document.querySelector("[data-situation]")!.querySelector<HTMLElement>(".scene-map")!;
    const canvas = host.querySelector("canvas")!;
    const c = canvas.getBoundingClientRect();
    const k = c.width / canvas.width;
    const boxes = (JSON.parse(host.dataset.labels ?? "[]") as { x: number; y: number; w: number; h: number; text: string }[])
      .map((b) => ({ x: c.left + b.x * k, y: c.top + b.y * k, w: b.w * k, h: b.h * k, what: `map: ${b.text}` }));
    return { labels: boxes, outside: boxes.filter((b) => b.x < c.left - 1 || b.y < c.top - 1 || b.x + b.w > c.right + 1 || b.y + b.h > c.bottom + 1).map((b) => `${b.what} outside the map`) };
  });
  const dom = (await textBoxes(page, "[data-situation]", ".sr-only, [hidden], canvas, .scene-map")).map((b) => ({ ...b, what: `dom: ${b.what}` }));
  return [...outside, ...overlapping([...labels, ...dom])];
}

export async function systemEmoji(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    // The rubric card's prose comes from shared/scoring/rubric-text.ts (also the PDF's), whose ★ is a text convention there.
    for (const el of copy.querySelectorAll("[data-authored], [data-rubric-card], script, style")) el.remove();
    const text = copy.textContent ?? "";
    const re = /[\p{Extended_Pictographic}\u2300-\u23FF\u25A0-\u27BF\u2B00-\u2BFF\u{1F000}-\u{1FAFF}]/gu;
    return [...new Set(text.match(re) ?? [])].map((ch) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) …${text.slice(Math.max(0, text.indexOf(ch) - 30), text.indexOf(ch) + 10)}…`);
  });
}
