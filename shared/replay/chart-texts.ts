import { bilingualTexts } from "../i18n/bilingual.js";

/** The crisis chart's words (`chart-spec.ts`, `chart-plot.ts`), French the reference, English key for key. */
export const chartFr = {
  "chart.marker.inject": "Injects reçus",
  "chart.marker.decision": "Décisions",
  "chart.marker.statement": "Déclarations",
  "chart.marker.notification": "Notifications",
  "chart.marker.sitrep": "SITREP",
  "chart.marker.branch": "Embranchements",
  "chart.marker.phase": "Phases",
  "chart.worse.high": "pire vers le haut",
  "chart.worse.low": "pire vers le bas",
  "chart.gauges": "Jauges au fil du temps",
  "chart.gameTime": "Temps de jeu →",
  "chart.markers": "Injects, décisions et issues au fil du temps",
};

export const chartEn: Record<keyof typeof chartFr, string> = {
  "chart.marker.inject": "Injects received",
  "chart.marker.decision": "Decisions",
  "chart.marker.statement": "Statements",
  "chart.marker.notification": "Notifications",
  "chart.marker.sitrep": "SITREPs",
  "chart.marker.branch": "Branch outcomes",
  "chart.marker.phase": "Phases",
  "chart.worse.high": "worse upwards",
  "chart.worse.low": "worse downwards",
  "chart.gauges": "Gauges over time",
  "chart.gameTime": "Game time →",
  "chart.markers": "Injects, decisions and outcomes over time",
};

export const chartTexts = bilingualTexts(chartFr, chartEn);
