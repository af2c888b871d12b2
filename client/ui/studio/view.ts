import type { CompiledScenario } from "../../../shared/engine/index.js";
import type { StudioKey } from "./text.js";

/**
 * What every view beside the editor is (views.ts assembles them): the
 * compiled text it draws from, its panel, and how it asks the editor to
 * show a line. Apart from views.ts, which imports each view.
 */
export interface Model { text: string; compiled: CompiledScenario }
export interface View { id: string; label: StudioKey; el: HTMLElement; render(model: Model): void }
export type Locate = (line: number) => void;
