/**
 * Generated avatars for social accounts: a 5×5 identicon, mirrored left to
 * right, whose cells and hue come from a hash of the handle (FNV-1a). The
 * same handle always draws the same face, in every browser and replay, and
 * no image is fetched. Built as SVG nodes (no markup string, no style
 * attribute: the CSP holds).
 */

/** FNV-1a, 32 bits: small, fast, well spread for short strings. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

/** The identicon of a handle: which of the 5×5 cells are filled (row by row) and its hue (0–359). */
export function identicon(handle: string): { cells: boolean[]; hue: number } {
  const h = hash32(handle.toLowerCase());
  const cells: boolean[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 5; col++) {
      const c = col < 3 ? col : 4 - col; // mirrored: columns 3 and 4 repeat 1 and 0
      cells.push(((h >>> (row * 3 + c)) & 1) === 1);
    }
  }
  return { cells, hue: hash32(`hue:${handle.toLowerCase()}`) % 360 };
}

const NS = "http://www.w3.org/2000/svg";

/** The avatar as an SVG element, decorative (the handle is written next to it). */
export function avatar(handle: string, size = 40): SVGSVGElement {
  const { cells, hue } = identicon(handle);
  const svg = document.createElementNS(NS, "svg");
  for (const [k, v] of Object.entries({ viewBox: "0 0 6 6", width: size, height: size, "aria-hidden": "true", class: "avatar-svg", focusable: "false" })) svg.setAttribute(k, String(v));
  const bg = document.createElementNS(NS, "rect");
  for (const [k, v] of Object.entries({ width: 6, height: 6, rx: 1, fill: `hsl(${hue} 30% 92%)` })) bg.setAttribute(k, String(v));
  svg.append(bg);
  cells.forEach((on, i) => {
    if (!on) return;
    const r = document.createElementNS(NS, "rect");
    for (const [k, v] of Object.entries({ x: 0.5 + (i % 5), y: 0.5 + Math.floor(i / 5), width: 1, height: 1, fill: `hsl(${hue} 55% 38%)` })) r.setAttribute(k, String(v));
    svg.append(r);
  });
  return svg;
}
