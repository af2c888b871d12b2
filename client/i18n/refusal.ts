import type { Coded } from "../../shared/i18n/coded.js";
import { httpRefusalText, type HttpRefusal } from "../../shared/i18n/http-errors.js";
import { refusalText } from "../../shared/i18n/refusals.js";
import { getLang } from "./index.js";

/**
 * A refusal from the engine or the server (`{ code, params }`) in the
 * reader's language, through the same i18next mechanism (shared/i18n). Kept
 * out of i18n/index.ts so the refusal texts load with the screens that can be
 * refused (game, console), not with the home page.
 */
export function refusal(r: Coded): string { return refusalText(r, getLang()); }

/**
 * A refused HTTP request (`{ error, params }`) in the reader's language: its
 * code's text and, for a refused body, each problem with the field it is
 * in (shared/i18n/http-errors.ts). The server's `message` (French, for curl)
 * is never shown.
 */
export function httpRefusal(body: HttpRefusal): string { return httpRefusalText(body, getLang()); }
