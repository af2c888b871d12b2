import type { Coded } from "../../shared/i18n/coded.js";
import { knownRefusal, refusalText } from "../../shared/i18n/refusals.js";
import { getLang } from "./index.js";

/**
 * A refusal from the engine or the server (`{ code, params }`) in the
 * reader's language, through the same i18next mechanism (shared/i18n). Kept
 * out of i18n/index.ts so the refusal texts load with the screens that can be
 * refused (game, console), not with the home page.
 */
export function refusal(r: Coded): string { return refusalText(r, getLang()); }

/**
 * An HTTP API error in the reader's language: the server's French sentence
 * (it may name the field at fault) for a French reader, the code's text for
 * an English one — never French prose in the English interface.
 */
export function httpError(code: string | undefined, serverMessage: string | undefined): string {
  if (getLang() === "fr" && serverMessage) return serverMessage;
  return code && knownRefusal(code) ? refusalText({ code }, getLang()) : getLang() === "fr" ? code ?? "" : refusalText({ code: "unknown" }, "en");
}
