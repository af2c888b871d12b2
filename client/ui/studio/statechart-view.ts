import { regionSvg, statechart } from "../../../shared/sim/graph.js";
import { h } from "../dom.js";
import type { View } from "./view.js";

/**
 * The statechart as the engine's XState machine defines it (regions:
 * session, phases, each branch point), laid out by dagre: the same drawing
 * as `npm run scenario -- graph --html`, parsed as SVG (never as HTML) and
 * given ids of its own so several regions can share the page.
 */
export function statechartView(): View {
  const el = h("div", { class: "studio-statechart" });
  return {
    id: "statechart", label: "statechart", el,
    render({ compiled }) {
      el.replaceChildren(...statechart(compiled).map((r, i) => {
        const text = regionSvg(r).replaceAll('id="arrow"', `id="arrow-${i}"`).replaceAll("url(#arrow)", `url(#arrow-${i})`);
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        return h("figure", { class: "region", "data-region": r.id }, h("figcaption", null, r.title), document.importNode(doc.documentElement, true));
      }));
    },
  };
}
