/**
 * Replaces codemirror-json-schema's `utils/markdown.js` in the build
 * (vite.config.ts, `studioMarkdownShim`): the original loads markdown-it and
 * the Shiki highlighter with its WebAssembly engine (forbidden by our CSP,
 * and hundreds of kilobytes) to format the schema's descriptions. Ours are
 * plain sentences: escaped, with `code` spans kept. The result goes to
 * innerHTML inside the library, so escaping here is what keeps it safe.
 */
const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function renderMarkdown(markdown: string, inline = true): string {
  const html = String(markdown).replace(/[&<>"']/g, (c) => ESC[c]).replace(/`([^`\n]+)`/g, "<code>$1</code>");
  return inline ? html : html.split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`).join("");
}
