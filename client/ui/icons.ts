import {
  BellRing, Check, CircleCheck, CircleSlash, CircleX, Clock, FileText, Gavel, Hash, Landmark, ListChecks, Mail, Maximize, Megaphone, MessageSquare,
  Minimize, Newspaper, Pause, Paperclip, Phone, PhoneIncoming, RadioTower, Repeat2, ScrollText, Skull, Star, TriangleAlert, Tv, X, type IconNode,
} from "lucide";

/**
 * The client's icons: Lucide (ISC licence), imported one by one so only these
 * ship. Each is built as an inline SVG node (no markup string, no style
 * attribute: the Content-Security-Policy stays strict) and hidden from
 * assistive technologies — the text beside it says what it means. System
 * emoji are never used: machines without an emoji font draw them as boxes.
 */
const ICONS = {
  mail: Mail, phone: Phone, ringing: PhoneIncoming, sms: MessageSquare, news: Newspaper, tv: Tv, social: Hash, official: Landmark,
  sitrep: ListChecks, document: FileText, alert: TriangleAlert, leak: Skull, attachment: Paperclip, star: Star, check: Check,
  ok: CircleCheck, no: CircleX, x: X, clock: Clock, paused: Pause, expand: Maximize, shrink: Minimize, live: RadioTower,
  statement: Megaphone, notification: Gavel, note: ScrollText, bell: BellRing, absent: CircleSlash, share: Repeat2,
} satisfies Record<string, IconNode>;
export type IconName = keyof typeof ICONS;

const SVG = "http://www.w3.org/2000/svg";

function build(node: IconNode, parent: Element): void {
  for (const [tag, attrs] of node) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
    parent.append(el);
  }
}

/** An icon by name, decorative (aria-hidden); `size` in CSS pixels, drawn in the current text colour. */
export function icon(name: IconName, size = 16, cls = ""): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ xmlns: SVG, width: size, height: size, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor",
    "stroke-width": 2, "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false", class: `icon icon-${name} ${cls}`.trim() }))
    svg.setAttribute(k, String(v));
  build(ICONS[name], svg);
  return svg;
}

/** The icon of a channel kind (mail, phone, news…), a neutral document for kinds without one. */
export function channelIcon(kind: string, size = 16): SVGSVGElement {
  return icon((kind in ICONS ? kind : "document") as IconName, size);
}
