import { z } from "zod";

/** The competencies of block 4 (RNCP 39853) every level is about; apart from schema.ts so the rubric can name them without importing the whole language. */
export const COMPETENCIES = ["C4.1", "C4.2", "C4.3", "C4.4"] as const;
export const Competency = z.enum(COMPETENCIES);
export type Competency = z.infer<typeof Competency>;
