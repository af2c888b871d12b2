/**
 * What every chart drawn with Observable Plot goes through (the crisis chart
 * in replay/, the levels charts in scoring/): apart from both, so neither
 * folder imports the other for it.
 *
 * Plot's <style> out (CSP); its aria-labels on inner groups become `data-mark`
 * (an aria-label on a role-less <g> is not allowed), so tests and the page can
 * still find each mark; the caller names the chart as a whole.
 */
export function strip(svg: Element): Element {
  for (const s of Array.from(svg.querySelectorAll("style"))) s.remove();
  for (const g of Array.from(svg.querySelectorAll("[aria-label]"))) {
    g.setAttribute("data-mark", g.getAttribute("aria-label")!);
    g.removeAttribute("aria-label");
  }
  return svg;
}
