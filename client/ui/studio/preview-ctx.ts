import type { CompiledScenario } from "../../../shared/engine/index.js";
import { scenarioBrief, type CellView } from "../../../shared/engine/view.js";
import { formatClock } from "../../../shared/scenario/time.js";
import { tx } from "../../i18n/index.js";
import type { PlayCtx } from "../context.js";

/**
 * What the cell screen's renderers (reading.ts, phone.ts, feed.ts) are given
 * in a game, built for the studio's preview from a simulated run: the view
 * `viewFor` cut for the role, the brief the room sends (`scenarioBrief`), the
 * clock. Read-only: the preview holds no seat (no role of its own, so no
 * « Décrocher » nor composer is drawn) and has no connection; a renderer
 * that tried to act or to read the room's clock would fail loudly here.
 */
export function previewCtx(compiled: CompiledScenario, view: CellView): PlayCtx {
  const brief = scenarioBrief(compiled);
  const refuse = (what: string) => () => { throw new Error(`aperçu du studio : pas de ${what}`); };
  return {
    get conn(): never { return refuse("connexion")() as never; },
    view, brief,
    you: { player: "", name: "", roles: [] },
    cellId: "", playerId: "",
    draftKey: refuse("brouillon") as never,
    act: () => Promise.reject(new Error("aperçu du studio : rien n'est envoyé")),
    action: (id) => brief.actions.find((a) => a.id === id),
    rolesFor: () => [],
    roleName: (id) => tx(brief.roles.find((r) => r.id === id)?.name) || id,
    personaName: (id) => tx(brief.personas.find((p) => p.id === id)?.name) || id,
    playerName: (id) => view.players.find((p) => p.id === id)?.name ?? id,
    clock: (s) => formatClock(s, view.clockStart),
  };
}
