import type { Page } from "playwright-core";

/**
 * Checks on what a screen shows, run in the page:
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
export async function labelOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type R = { x: number; y: number; w: number; h: number; what: string; node?: number };
    const root = document.querySelector<HTMLElement>("[data-situation]")!;
    const host = root.querySelector<HTMLElement>(".scene-map")!;
    const canvas = host.querySelector("canvas")!;
    const c = canvas.getBoundingClientRect();
    const k = c.width / canvas.width;
    const problems: string[] = [];
    const boxes: R[] = (JSON.parse(host.dataset.labels ?? "[]") as { x: number; y: number; w: number; h: number; text: string }[])
      .map((b) => ({ x: c.left + b.x * k, y: c.top + b.y * k, w: b.w * k, h: b.h * k, what: `map: ${b.text}` }));
    for (const b of boxes) if (b.x < c.left - 1 || b.y < c.top - 1 || b.x + b.w > c.right + 1 || b.y + b.h > c.bottom + 1) problems.push(`${b.what} outside the map`);
    const hidden = (el: Element) => !!el.closest(".sr-only, [hidden], canvas, .scene-map");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      node++;
      const parent = n.parentElement!;
      if (!n.textContent?.trim() || hidden(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of Array.from(range.getClientRects())) {
        let x1 = r.left, y1 = r.top, x2 = r.right, y2 = r.bottom;
        for (let a: HTMLElement | null = parent; a && a !== root.parentElement; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (s.overflowX !== "visible" || s.overflowY !== "visible") { const ar = a.getBoundingClientRect(); x1 = Math.max(x1, ar.left); y1 = Math.max(y1, ar.top); x2 = Math.min(x2, ar.right); y2 = Math.min(y2, ar.bottom); }
        }
        if (x2 - x1 > 0.5 && y2 - y1 > 0.5) boxes.push({ x: x1, y: y1, w: x2 - x1, h: y2 - y1, what: `dom: ${n.textContent.trim().slice(0, 40)}`, node });
      }
    }
    const over = (a: R, b: R) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if ((boxes[i].node === undefined || boxes[i].node !== boxes[j].node) && over(boxes[i], boxes[j])) problems.push(`${boxes[i].what} × ${boxes[j].what}`);
    return problems;
  });
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
