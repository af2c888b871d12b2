import * as Phaser from "phaser";
import type { GeoProjection } from "d3-geo";
import { drawWorld, frame, loadCountries } from "./world.js";

/**
 * The crisis cell's situation display: game clock (time, speed, paused),
 * the world map with the scenario's places, actors, links and incident
 * markers, the gauges, a news ticker and alerts. Everything shown here is
 * also in the DOM (status bar, inbox, deadlines) for screen readers; with
 * reduced motion the ticker does not scroll and nothing pulses.
 */
export interface MapData {
  label: string;
  clock: string; sub: string; phase: string;
  paused: boolean; pausedLabel: string;
  gauges: { id: string; name: string; value: number; min: number; max: number; severity: "ok" | "info" | "warning" | "critical"; band?: string }[];
  places: { id: string; name: string; lat: number; lon: number }[];
  actors: { name: string; place: string }[];
  links: { from: [number, number]; to: [number, number]; label?: string }[];
  markers: { id: string; lon: number; lat: number; label: string; severity: string }[];
  ticker: string[];
  tickerEmpty: string;
  alert?: { id: string; text: string };
  reducedMotion: boolean;
}

const W = 520, TOP = 40, MAP_H = 236, GAUGE_H = 50;
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";
const SEV: Record<string, number> = { ok: 0x3fb950, info: 0x58a6ff, warning: 0xf0b429, critical: 0xff6b6b };

export class MapScene extends Phaser.Scene {
  private d: MapData;
  private projection?: GeoProjection;
  private clockText?: Phaser.GameObjects.Text;
  private subText?: Phaser.GameObjects.Text;
  private pausedBadge?: Phaser.GameObjects.Text;
  private overlay?: Phaser.GameObjects.Container;
  private gaugeLayer?: Phaser.GameObjects.Container;
  private tickerText?: Phaser.GameObjects.Text;
  private alertBox?: Phaser.GameObjects.Container;
  private lastAlert = "";
  private lastOverlay = "";
  private lastGauges = "";
  private lastTicker = "";
  private tickerX = W;
  private tickerIndex = 0;
  private tickerSwap = 0;

  constructor(data: MapData) { super({ key: "map" }); this.d = data; }

  create(): void {
    const g = this.add.graphics();
    g.fillStyle(0x0d1b2a, 1).fillRect(0, 0, W, TOP);
    g.lineStyle(1, 0x24415f, 1).lineBetween(0, TOP - 0.5, W, TOP - 0.5);
    this.clockText = this.add.text(10, 6, "", { fontFamily: FONT, fontSize: "22px", color: "#f4f7fb", fontStyle: "bold" });
    this.subText = this.add.text(W - 10, 8, "", { fontFamily: FONT, fontSize: "12px", color: "#b8c7d9", align: "right" }).setOrigin(1, 0);
    this.pausedBadge = this.add.text(W / 2 + 10, 10, "", { fontFamily: FONT, fontSize: "13px", color: "#1a1200", backgroundColor: "#f0b429", padding: { x: 6, y: 2 }, fontStyle: "bold" });
    this.add.rectangle(0, TOP, W, MAP_H, 0x0b2239).setOrigin(0, 0).setDepth(-2);
    this.overlay = this.add.container(0, 0);
    this.gaugeLayer = this.add.container(0, TOP + MAP_H);
    const ty = TOP + MAP_H + GAUGE_H;
    this.add.rectangle(0, ty, W, 360 - ty, 0x14263a).setOrigin(0, 0);
    this.tickerText = this.add.text(W, ty + 6, "", { fontFamily: FONT, fontSize: "13px", color: "#e8eef5" });
    // The label covers the ticker's left end (no mask needed).
    this.add.rectangle(0, ty, 46, 360 - ty, 0x14263a).setOrigin(0, 0).setDepth(2);
    this.add.text(6, ty + 6, "INFO", { fontFamily: FONT, fontSize: "11px", color: "#1a1200", backgroundColor: "#e0b84c", padding: { x: 4, y: 2 }, fontStyle: "bold" }).setDepth(3);
    this.alertBox = this.add.container(0, 0).setDepth(5);
    void this.drawMap();
    this.refresh();
  }

  setData(d: MapData): void { this.d = d; if (this.clockText) this.refresh(); }

  private async drawMap(): Promise<void> {
    const points = this.d.places.map((p) => [p.lon, p.lat] as [number, number]);
    this.projection = frame(points, W, MAP_H);
    try {
      const features = await loadCountries();
      if (!this.sys?.textures) return;
      const canvas = drawWorld(features, this.projection, W, MAP_H);
      if (this.textures.exists("world")) this.textures.remove("world");
      this.textures.addCanvas("world", canvas);
      this.add.image(0, TOP, "world").setOrigin(0, 0).setDisplaySize(W, MAP_H).setDepth(-1);
    } catch (err) { console.warn("world map unavailable", err); }
    this.lastOverlay = "";
    this.refresh();
  }

  private project(lon: number, lat: number): [number, number] | null {
    const p = this.projection?.([lon, lat]);
    return p ? [p[0], p[1] + TOP] : null;
  }

  private refresh(): void {
    const d = this.d;
    this.clockText!.setText(d.clock);
    this.subText!.setText(`${d.sub}\n${d.phase}`);
    this.pausedBadge!.setText(d.pausedLabel).setVisible(d.paused);
    const overlayKey = JSON.stringify([d.places, d.actors, d.links, d.markers, !!this.projection]);
    if (overlayKey !== this.lastOverlay && this.projection) { this.lastOverlay = overlayKey; this.drawOverlay(); }
    const gaugeKey = JSON.stringify(d.gauges);
    if (gaugeKey !== this.lastGauges) { this.lastGauges = gaugeKey; this.drawGauges(); }
    const tickerKey = d.ticker.join("|");
    if (tickerKey !== this.lastTicker) { this.lastTicker = tickerKey; this.tickerIndex = 0; this.tickerX = W; this.showTicker(); }
    if (d.alert && d.alert.id !== this.lastAlert) { this.lastAlert = d.alert.id; this.showAlert(d.alert.text); }
  }

  private drawOverlay(): void {
    const layer = this.overlay!;
    layer.removeAll(true);
    const d = this.d;
    const g = this.add.graphics();
    layer.add(g);
    const placed: { x: number; y: number; w: number; h: number }[] = [];
    const free = (r: { x: number; y: number; w: number; h: number }) => r.x >= 0 && r.x + r.w <= W && r.y >= TOP && r.y + r.h <= TOP + MAP_H
      && !placed.some((p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h);
    /** Put a label near (x, y) where it overlaps no other label (greedy, a few candidate spots). */
    const label = (x: number, y: number, text: string, style: Phaser.Types.GameObjects.Text.TextStyle) => {
      const t = this.add.text(0, 0, text, style);
      const w = t.width, h = t.height;
      const spots = [[x + 7, y - h / 2], [x + 7, y + 4], [x + 7, y - h - 2], [x - w - 7, y - h / 2], [x - w - 7, y + 4], [x - w / 2, y + 8], [x - w / 2, y - h - 8]];
      const spot = spots.find(([sx, sy]) => free({ x: sx, y: sy, w, h })) ?? [Math.min(Math.max(0, x + 7), W - w), Math.min(Math.max(TOP, y - h / 2), TOP + MAP_H - h)];
      placed.push({ x: spot[0], y: spot[1], w, h });
      t.setPosition(spot[0], spot[1]);
      layer.add(t);
    };
    for (const l of d.links) {
      const a = this.project(l.from[0], l.from[1]), b = this.project(l.to[0], l.to[1]);
      if (!a || !b) continue;
      g.lineStyle(1.5, 0x8fb3d9, 0.7);
      const n = 12;
      for (let i = 0; i < n; i += 2) g.lineBetween(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n, a[0] + (b[0] - a[0]) * (i + 1) / n, a[1] + (b[1] - a[1]) * (i + 1) / n);
    }
    const points = d.places.map((p) => ({ p, xy: this.project(p.lon, p.lat) })).filter((x): x is { p: MapData["places"][number]; xy: [number, number] } => x.xy !== null);
    for (const { xy } of points) {
      g.fillStyle(0xe0b84c, 1).fillCircle(xy[0], xy[1], 4);
      g.lineStyle(1, 0x0d1b2a, 1).strokeCircle(xy[0], xy[1], 4);
      placed.push({ x: xy[0] - 5, y: xy[1] - 5, w: 10, h: 10 });
    }
    for (const m of d.markers) {
      const xy = this.project(m.lon, m.lat);
      if (!xy) continue;
      const color = SEV[m.severity] ?? SEV.warning;
      const ring = this.add.circle(xy[0], xy[1], 9, color, 0.25).setStrokeStyle(2, color, 1);
      layer.add(ring);
      if (!d.reducedMotion) this.tweens.add({ targets: ring, scale: 1.6, alpha: 0.2, duration: 1200, yoyo: true, repeat: -1 });
    }
    const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
    for (const { p, xy } of points) {
      const actors = d.actors.filter((a) => a.place === p.id).map((a) => a.name);
      const text = actors.length ? `${cut(p.name, 34)}\n${cut(actors.length > 1 ? `${actors[0]} +${actors.length - 1}` : actors[0], 34)}` : cut(p.name, 34);
      label(xy[0], xy[1], text, { fontFamily: FONT, fontSize: "11px", color: "#f4f7fb", backgroundColor: "#0d1b2ad0", padding: { x: 3, y: 1 } });
    }
    for (const l of d.links) {
      const a = this.project(l.from[0], l.from[1]), b = this.project(l.to[0], l.to[1]);
      if (!a || !b || !l.label || Math.hypot(b[0] - a[0], b[1] - a[1]) < 80) continue;
      label((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, cut(l.label, 30), { fontFamily: FONT, fontSize: "10px", color: "#c9d8e8", backgroundColor: "#0d1b2a99" });
    }
  }

  private drawGauges(): void {
    const layer = this.gaugeLayer!;
    layer.removeAll(true);
    const gs = this.d.gauges.slice(0, 4);
    const bg = this.add.rectangle(0, 0, W, GAUGE_H, 0x0f2136).setOrigin(0, 0);
    layer.add(bg);
    if (gs.length === 0) return;
    const w = (W - 12) / gs.length;
    gs.forEach((gauge, i) => {
      const x = 8 + i * w, bw = w - 14;
      const share = Math.max(0, Math.min(1, (gauge.value - gauge.min) / ((gauge.max - gauge.min) || 1)));
      const color = SEV[gauge.severity] ?? SEV.info;
      layer.add(this.add.text(x, 5, `${gauge.name} ${Math.round(gauge.value)}`, { fontFamily: FONT, fontSize: "11px", color: "#dce6f0" }));
      layer.add(this.add.rectangle(x, 24, bw, 9, 0x24384f).setOrigin(0, 0));
      layer.add(this.add.rectangle(x, 24, Math.max(2, bw * share), 9, color).setOrigin(0, 0));
      if (gauge.band) layer.add(this.add.text(x, 35, gauge.band, { fontFamily: FONT, fontSize: "10px", color: "#f0c36b" }));
    });
  }

  private showTicker(): void {
    const items = this.d.ticker;
    if (items.length === 0) { this.tickerText!.setText(this.d.tickerEmpty).setX(50).setColor("#9fb2c6"); return; }
    this.tickerText!.setColor("#e8eef5");
    if (this.d.reducedMotion) { this.tickerText!.setText(items[this.tickerIndex % items.length]).setX(50); this.tickerSwap = 0; }
    else this.tickerText!.setText(items.join("   •   ")).setX(this.tickerX);
  }

  private showAlert(text: string): void {
    const box = this.alertBox!;
    box.removeAll(true);
    const bg = this.add.rectangle(W / 2, TOP + 18, W - 40, 28, 0x8b1e1e, 0.95).setStrokeStyle(2, 0xff6b6b);
    const tx = this.add.text(W / 2, TOP + 18, text.length > 70 ? `${text.slice(0, 69)}…` : text, { fontFamily: FONT, fontSize: "13px", color: "#ffffff", fontStyle: "bold" }).setOrigin(0.5);
    box.add([bg, tx]);
    box.setAlpha(1);
    if (this.d.reducedMotion) this.time.delayedCall(8000, () => box.removeAll(true));
    else this.tweens.add({ targets: box, alpha: 0, delay: 7000, duration: 800, onComplete: () => box.removeAll(true) });
  }

  update(_time: number, delta: number): void {
    if (!this.tickerText || this.d.ticker.length === 0) return;
    if (this.d.reducedMotion) {
      this.tickerSwap += delta;
      if (this.tickerSwap > 8000 && this.d.ticker.length > 1) { this.tickerIndex++; this.showTicker(); }
      return;
    }
    this.tickerX -= delta * 0.05;
    if (this.tickerX < -this.tickerText.width) this.tickerX = W;
    this.tickerText.setX(this.tickerX);
  }
}
