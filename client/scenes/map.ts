import * as Phaser from "phaser";
import type { GeoProjection } from "d3-geo";
import { placeLabels, type Box, type Site } from "./labels.js";
import { drawWorld, frame, loadCountries } from "./world.js";

/**
 * The living part of the situation display: the world map framed on the
 * places the crisis has used so far, the places with collision-free labels
 * (clustered when they crowd), the links, the incident markers and the news
 * ticker (an alert takes its band for a few seconds). It fills its container
 * and lays itself out again on every resize (full screen included). Clock,
 * gauges and the list of the last events are DOM beside it; every fact drawn
 * here is also in the DOM for screen readers. The boxes of the labels it
 * placed are published on the container (`data-labels`) so a test can check
 * that none overlap. With reduced motion the ticker does not scroll and
 * nothing pulses.
 */
export interface MapData {
  label: string;
  places: { id: string; name: string; lat: number; lon: number; priority: number }[];
  /** [lon, lat] of the places the crisis has used: the map is framed on them. */
  focus: [number, number][];
  actors: { name: string; place: string }[];
  links: { from: [number, number]; to: [number, number] }[];
  markers: { id: string; place: string; severity: string }[];
  more: { one: string; many: string };
  ticker: string[];
  tickerEmpty: string;
  tickerLabel: string;
  alertLabel: string;
  alert?: { id: string; text: string };
  reducedMotion: boolean;
}

const BAND = 26;
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";
const SEV: Record<string, number> = { info: 0x58a6ff, warning: 0xf0b429, critical: 0xff6b6b };
const SEV_RANK: Record<string, number> = { info: 1, warning: 2, critical: 3 };
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export class MapScene extends Phaser.Scene {
  private d: MapData;
  private projection?: GeoProjection;
  private world?: Phaser.GameObjects.Image;
  private overlay?: Phaser.GameObjects.Container;
  private band?: Phaser.GameObjects.Rectangle;
  private badge?: Phaser.GameObjects.Text;
  private tickerText?: Phaser.GameObjects.Text;
  private measureText?: Phaser.GameObjects.Text;
  private keys = { overlay: "", ticker: "", frame: "", alert: "" };
  private labelBoxes: (Box & { text: string })[] = [];
  private tickerX = 0;
  private tickerIndex = 0;
  private tickerSwap = 0;
  private alertUntil = 0;
  private drawing = 0;

  private markDrawn: () => void = () => undefined;
  /** Settles when the map is first drawn with its labels placed (the cell screen prefetches its other tabs after that). */
  readonly drawn = new Promise<void>((resolve) => { this.markDrawn = resolve; });

  constructor(data: MapData) { super({ key: "map" }); this.d = data; }

  private get w(): number { return this.scale.gameSize.width; }
  private get mapH(): number { return Math.max(60, this.scale.gameSize.height - BAND); }

  create(): void {
    this.overlay = this.add.container(0, 0).setDepth(1);
    this.band = this.add.rectangle(0, 0, 10, BAND, 0x14263a).setOrigin(0, 0).setDepth(2);
    this.tickerText = this.add.text(0, 0, "", { fontFamily: FONT, fontSize: "13px", color: "#e8eef5" }).setDepth(3);
    this.badge = this.add.text(6, 0, "", { fontFamily: FONT, fontSize: "11px", color: "#1a1200", backgroundColor: "#e0b84c", padding: { x: 4, y: 2 }, fontStyle: "bold" }).setDepth(4);
    this.measureText = this.add.text(-1000, -1000, "", labelStyle()).setVisible(false);
    this.scale.on("resize", () => { this.keys.frame = ""; this.keys.overlay = ""; this.layout(); });
    this.layout();
  }

  setData(d: MapData): void { this.d = d; if (this.overlay) this.layout(); }

  /** Everything that depends on the size or the data, redrawn only when its inputs changed. */
  private layout(): void {
    const d = this.d;
    const frameKey = JSON.stringify([d.focus, this.w, this.mapH]);
    if (frameKey !== this.keys.frame) { this.keys.frame = frameKey; void this.drawMap(); }
    this.band!.setPosition(0, this.mapH).setSize(this.w, BAND);
    this.badge!.setY(this.mapH + 5);
    this.tickerText!.setY(this.mapH + 5);
    const overlayKey = JSON.stringify([d.places, d.actors, d.links, d.markers, d.more, frameKey, !!this.projection]);
    if (overlayKey !== this.keys.overlay && this.projection) { this.keys.overlay = overlayKey; this.drawOverlay(); }
    if (d.alert && d.alert.id !== this.keys.alert) { this.keys.alert = d.alert.id; this.alertUntil = this.time.now + 8000; this.keys.ticker = ""; }
    const tickerKey = JSON.stringify([d.ticker, this.w, this.alertUntil > this.time.now]);
    if (tickerKey !== this.keys.ticker) { this.keys.ticker = tickerKey; this.tickerIndex = 0; this.tickerX = this.w; this.showTicker(); }
  }

  private async drawMap(): Promise<void> {
    const n = ++this.drawing;
    const w = this.w, h = this.mapH;
    this.projection = frame(this.d.focus.length ? this.d.focus : this.d.places.map((p) => [p.lon, p.lat]), w, h);
    try {
      const features = await loadCountries();
      if (!this.sys?.textures || n !== this.drawing) return;
      const canvas = drawWorld(features, this.projection, w, h, Math.min(2, window.devicePixelRatio || 1));
      this.world?.destroy();
      if (this.textures.exists("world")) this.textures.remove("world");
      this.textures.addCanvas("world", canvas);
      this.world = this.add.image(0, 0, "world").setOrigin(0, 0).setDisplaySize(w, h).setDepth(0);
    } catch (err) { console.warn("world map unavailable", err); }
    this.keys.overlay = "";
    this.layout();
  }

  private drawOverlay(): void {
    const layer = this.overlay!, d = this.d, proj = this.projection!;
    layer.removeAll(true);
    const g = this.add.graphics();
    layer.add(g);
    const area = { x: 2, y: 2, w: this.w - 4, h: this.mapH - 4 };
    const xy = (lon: number, lat: number) => proj([lon, lat]);
    const shown = (p: [number, number] | null): p is [number, number] => !!p && p[0] >= area.x && p[0] <= area.x + area.w && p[1] >= area.y && p[1] <= area.y + area.h;
    for (const l of d.links) {
      const a = xy(...l.from), b = xy(...l.to);
      if (!shown(a) || !shown(b)) continue;
      g.lineStyle(1.5, 0x8fb3d9, 0.6);
      const n = Math.max(4, Math.round(Math.hypot(b[0] - a[0], b[1] - a[1]) / 6));
      for (let i = 0; i < n; i += 2) g.lineBetween(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n, a[0] + (b[0] - a[0]) * (i + 1) / n, a[1] + (b[1] - a[1]) * (i + 1) / n);
    }
    const sites: Site[] = [];
    for (const p of d.places) {
      const pos = xy(p.lon, p.lat);
      if (!shown(pos)) continue;
      const marks = d.markers.filter((m) => m.place === p.id);
      const worst = marks.reduce((s, m) => (SEV_RANK[m.severity] ?? 0) > (SEV_RANK[s] ?? 0) ? m.severity : s, "");
      if (marks.length) {
        const color = SEV[worst] ?? SEV.warning;
        const ring = this.add.circle(pos[0], pos[1], 9, color, 0.25).setStrokeStyle(2, color, 1);
        layer.add(ring);
        if (!d.reducedMotion) this.tweens.add({ targets: ring, scale: 1.6, alpha: 0.2, duration: 1200, yoyo: true, repeat: -1 });
      }
      g.fillStyle(0xe0b84c, 1).fillCircle(pos[0], pos[1], 4);
      g.lineStyle(1, 0x0d1b2a, 1).strokeCircle(pos[0], pos[1], 4);
      const actors = d.actors.filter((a) => a.place === p.id).map((a) => a.name);
      sites.push({ id: p.id, x: pos[0], y: pos[1], name: cut(p.name, 28), priority: p.priority + marks.length,
        detail: actors.length ? cut(actors.length > 1 ? `${actors[0]} +${actors.length - 1}` : actors[0], 28) : undefined });
    }
    const measure = (lines: string[]) => { const t = this.measureText!.setText(lines.join("\n")); return { w: Math.ceil(t.width), h: Math.ceil(t.height) }; };
    const labels = placeLabels(sites, area, { clusterPx: 10, dot: 6, measure,
      more: (names) => cut(names.length === 1 ? d.more.one.replace("{name}", names[0]) : d.more.many.replace("{n}", String(names.length)), 28) });
    this.labelBoxes = [];
    for (const l of labels) {
      layer.add(this.add.text(l.box.x, l.box.y, l.lines.join("\n"), labelStyle()));
      this.labelBoxes.push({ ...l.box, text: l.lines.join(" ") });
    }
    this.publish();
  }

  /** The boxes of every text drawn (labels, ticker band), in CSS pixels from the canvas' top left: `data-labels` on the container. */
  private publish(): void {
    const badge = this.badge!;
    const boxes = [...this.labelBoxes,
      { x: badge.x, y: badge.y, w: Math.ceil(badge.width), h: Math.ceil(badge.height), text: badge.text },
      { x: this.tickerLeft(), y: this.mapH, w: Math.max(0, this.w - this.tickerLeft()), h: BAND, text: "ticker" }];
    this.game.canvas.parentElement?.setAttribute("data-labels", JSON.stringify(boxes));
    this.markDrawn();
  }

  private tickerLeft(): number { return Math.ceil(this.badge!.x + this.badge!.width + 8); }

  private showTicker(): void {
    const d = this.d, t = this.tickerText!, alerting = !!d.alert && this.alertUntil > this.time.now;
    this.band!.setFillStyle(alerting ? 0x8b1e1e : 0x14263a);
    this.badge!.setText(alerting ? d.alertLabel : d.tickerLabel).setBackgroundColor(alerting ? "#ffffff" : "#e0b84c").setColor(alerting ? "#8b1e1e" : "#1a1200");
    const left = this.tickerLeft();
    if (alerting) t.setText(d.alert!.text).setColor("#ffffff").setX(left);
    else if (d.ticker.length === 0) t.setText(d.tickerEmpty).setX(left).setColor("#b8c7d9");
    else if (d.reducedMotion) { t.setText(d.ticker[this.tickerIndex % d.ticker.length]).setX(left).setColor("#e8eef5"); this.tickerSwap = 0; }
    else t.setText(d.ticker.join("   •   ")).setX(this.tickerX).setColor("#e8eef5");
    this.clip();
    this.publish();
  }

  /** The ticker never runs under its badge nor past the right edge: its text is cropped to the band. */
  private clip(): void {
    const t = this.tickerText!, left = this.tickerLeft();
    const from = Math.max(0, left - t.x), to = Math.max(0, this.w - t.x);
    t.setCrop(from, 0, Math.max(0, to - from), t.height);
  }

  update(time: number, delta: number): void {
    const t = this.tickerText, d = this.d;
    if (!t) return;
    if (this.alertUntil && time > this.alertUntil) { this.alertUntil = 0; this.keys.ticker = ""; this.layout(); return; }
    if (this.alertUntil || d.ticker.length === 0) return;
    if (d.reducedMotion) {
      this.tickerSwap += delta;
      if (this.tickerSwap > 8000 && d.ticker.length > 1) { this.tickerIndex++; this.showTicker(); }
      return;
    }
    this.tickerX -= delta * 0.05;
    if (this.tickerX < -t.width) this.tickerX = this.w;
    t.setX(this.tickerX);
    this.clip();
  }
}

function labelStyle(): Phaser.Types.GameObjects.Text.TextStyle {
  return { fontFamily: FONT, fontSize: "12px", color: "#f4f7fb", backgroundColor: "#0d1b2ae6", padding: { x: 3, y: 1 } };
}
