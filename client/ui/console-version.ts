import { t, tx, when } from "../i18n/index.js";
import { studioApi } from "../net/studio-api.js";
import { h } from "./dom.js";

/** The line of a session's console that names the scenario version it plays (filled when the server answers; empty if it cannot). */
export function sessionVersionLine(sessionId: string): HTMLElement {
  const el = h("p", { class: "muted small", "data-testid": "scenario-version" });
  void studioApi.sessionVersion(sessionId).then((v) => {
    const title = tx(v.title as never) || v.filename;
    el.textContent = v.source === "library" && v.version !== undefined
      ? t("console.scenarioVersion", { title, v: v.version, file: v.filename, author: v.author ?? "", when: when(v.createdAt ?? 0) })
      : t("console.scenarioFile", { title });
  }).catch(() => undefined);
  return el;
}
