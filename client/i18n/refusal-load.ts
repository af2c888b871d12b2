import type { Coded } from "../../shared/i18n/coded.js";
import { t } from "./index.js";

/**
 * The refusal texts (French and English, shared/i18n/refusal-texts.ts) are a
 * chunk of their own, fetched with the first refusal or after the game
 * screen's first paint — not with every screen that could be refused. The
 * connection (net/cell.ts) awaits `loadRefusals()` before it hands a refusal
 * (a refused ack, an error, a closing reason) to the interface, so `refusal()`
 * stays synchronous for the forms that write it.
 */
type Texts = typeof import("./refusal.js");
let texts: Texts | undefined;
let loading: Promise<void> | undefined;

/** Fetch the refusal texts once (again after a failed try); never rejects: without them `refusal()` says the reason is unavailable. */
export function loadRefusals(): Promise<void> {
  return loading ??= import("./refusal.js").then((m) => { texts = m; }, () => { loading = undefined; });
}

/** A refusal in the reader's language (client/i18n/refusal.ts) once the texts are loaded. */
export function refusal(r: Coded): string {
  return texts ? texts.refusal(r) : t("app.refusalUnloaded");
}
