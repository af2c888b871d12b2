import { t } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { actionForm } from "./form.js";
import { icon } from "./icons.js";
import { NOT_READY_MARK, READY_MARK } from "./marks.js";
import { composerSlot } from "./slot.js";

/** The cell chat: every chat line of the cell, newest last, and a one-line composer. */
export function chatPanel(ctx: PlayCtx, opts: { compact?: boolean } = {}): Part {
  const list = h("ol", { class: "chat-list", "aria-label": t("chat.list") });
  const scroller = h("div", { class: `chat-scroll ${opts.compact ? "compact" : ""}`, tabindex: 0, role: "region", "aria-label": t("chat.list") }, list);
  const slot = composerSlot(ctx, () => {
    const a = ctx.action("chat");
    return a ? actionForm({ ctx, action: a, composer: "chat", title: null, submitLabel: t("chat.send"), class: "chat-form" }) : null;
  }, () => t("chat.needRole"));
  const render = () => {
    const lines = ctx.view.actions.filter((a) => a.kind === "chat");
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    keyedList(list, lines, (a) => a.id, (a) => a.id, (a) =>
      h("li", { class: `chat-line ${a.player === ctx.playerId ? "mine" : ""}` },
        h("span", { class: "who" }, `${ctx.playerName(a.player)} (${ctx.roleName(a.role)})`),
        h("time", { class: "when" }, ctx.clock(a.at)),
        chatText(String(a.params.text ?? ""))));
    if (atBottom) scroller.scrollTop = scroller.scrollHeight;
  };
  render();
  return {
    el: h("div", { class: "chat" }, scroller, slot.el),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions")) render();
      if (changed.has("players")) slot.refresh();
    },
  };
}

/** A chat line; a readiness line (✔ / ✖ at its start, as logged) shows an icon and its words, never the raw mark. */
function chatText(text: string): HTMLElement {
  const mark = text.startsWith(READY_MARK) ? "ok" : text.startsWith(NOT_READY_MARK) ? "no" : null;
  if (!mark) return h("span", { class: "text" }, text);
  return h("span", { class: `text ready-line ready-${mark}` }, icon(mark, 14), text.slice(1).trimStart());
}
