import { bilingualTexts } from "../i18n/bilingual.js";
import { scoringEn } from "./texts-en.js";
import { scoringFr } from "./texts-fr.js";

/** The scores' words on i18next (`texts-fr.ts`, `texts-en.ts`): `say` for both languages, `t` for one reader's. */
export const scoringTexts = bilingualTexts(scoringFr, scoringEn);
export const { say, t: scoringText } = scoringTexts;
