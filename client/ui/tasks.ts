import { colon, t } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { announce } from "./announce.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { ackMessage, actionForm } from "./form.js";
import { composerSlot } from "./slot.js";

/** The task board: to do / in progress / done, each task with its owner and due time; moving a card is a `task_update`. */
const STATES = ["todo", "doing", "done"] as const;
type State = (typeof STATES)[number];

export function tasksPanel(ctx: PlayCtx): Part {
  const columns = new Map<State, HTMLElement>(STATES.map((s) => [s, h("ul", { class: "task-list", "aria-labelledby": `col-${s}` })]));
  const slot = composerSlot(ctx, () => { const a = ctx.action("task"); return a ? actionForm({ ctx, action: a, composer: "task", title: t("tasks.new") }) : null; }, () => t("comms.notAllowed"));

  const stateOf = (id: string): State => {
    let s: State = "todo";
    for (const a of ctx.view.actions) if (a.action === "task_update" && a.params.task === id && STATES.includes(a.params.state as State)) s = a.params.state as State;
    return s;
  };

  const move = async (id: string, to: State, btn: HTMLButtonElement) => {
    const upd = ctx.action("task_update");
    const role = upd ? ctx.rolesFor(upd)[0] : undefined;
    if (!upd || !role) { announce(t("comms.notAllowed"), true); return; }
    btn.disabled = true;
    const ack = await ctx.act(role, "task_update", { task: id, state: to });
    btn.disabled = false;
    announce(ack.ok ? t("tasks.moved", { state: t(`tasks.${to}`) }) : `${t("form.refused")} ${ackMessage(ack)}`, !ack.ok);
  };

  const render = () => {
    const tasks = ctx.view.actions.filter((a) => a.action === "task" && a.status === "done");
    for (const s of STATES) {
      const col = columns.get(s)!;
      const mine = tasks.filter((a) => stateOf(a.id) === s);
      if (mine.length === 0) { col.replaceChildren(h("li", { class: "muted empty" }, "—")); continue; }
      col.querySelector(".empty")?.remove();
      keyedList(col, mine, (a) => a.id, (a) => `${s}|${ctx.you.roles.join()}`, (a) => {
        const title = String(a.params.title ?? "");
        return h("li", { class: `task-card ${a.params.owner && ctx.you.roles.includes(String(a.params.owner)) ? "mine" : ""}`, "data-task": a.id },
          h("strong", null, title),
          h("p", { class: "muted" }, `${t("tasks.owner")} ${ctx.roleName(String(a.params.owner ?? ""))}${a.params.due ? ` · ${t("tasks.due")} ${a.params.due}` : ""}`),
          h("div", { class: "row" }, STATES.filter((x) => x !== s).map((x) =>
            h("button", { type: "button", class: "btn-small", "aria-label": `${t(`tasks.to.${x}`)}${colon()}${title}`, onclick: (e: Event) => void move(a.id, x, e.currentTarget as HTMLButtonElement) }, t(`tasks.to.${x}`)))));
      });
    }
  };
  render();
  return {
    el: h("div", { class: "tasks" },
      h("h2", null, t("tasks.title")),
      h("div", { class: "board" }, STATES.map((s) => h("section", { class: `board-col col-${s}`, "aria-labelledby": `col-${s}` }, h("h3", { id: `col-${s}` }, t(`tasks.${s}`)), columns.get(s)!))),
      slot.el),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions") || changed.has("players")) render();
      if (changed.has("players")) slot.refresh();
    },
  };
}
