import { geoNaturalEarth1, geoPath, geoGraticule10, type GeoProjection } from "d3-geo";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import atlasUrl from "world-atlas/countries-110m.json?url";

/**
 * The real world map (Natural Earth 1:110m, world-atlas) drawn with d3-geo
 * onto a canvas, framed on the scenario's places. Loaded with the map scene,
 * never in the initial bundle.
 */
let countries: GeoJSON.FeatureCollection | undefined;

export async function loadCountries(): Promise<GeoJSON.FeatureCollection> {
  if (countries) return countries;
  const topo = (await (await fetch(atlasUrl)).json()) as Topology<{ countries: GeometryCollection }>;
  countries = feature(topo, topo.objects.countries) as unknown as GeoJSON.FeatureCollection;
  return countries;
}

/** A projection framing `points` ([lon, lat]) with a margin and a minimum span, or the whole world. */
export function frame(points: [number, number][], width: number, height: number): GeoProjection {
  const projection = geoNaturalEarth1();
  if (points.length === 0) return projection.fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) { minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon); minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat); }
  const padLon = Math.max(8, (maxLon - minLon) * 0.25), padLat = Math.max(5, (maxLat - minLat) * 0.25);
  const box: GeoJSON.MultiPoint = { type: "MultiPoint", coordinates: [
    [Math.max(-180, minLon - padLon), Math.max(-85, minLat - padLat)], [Math.min(180, maxLon + padLon), Math.min(85, maxLat + padLat)],
    [Math.max(-180, minLon - padLon), Math.min(85, maxLat + padLat)], [Math.min(180, maxLon + padLon), Math.max(-85, minLat - padLat)],
  ] };
  return projection.fitExtent([[16, 16], [width - 16, height - 16]], box);
}

/** Draw sea, graticule and countries on a new canvas of `width`×`height` (at `scale` pixels per unit). */
export function drawWorld(features: GeoJSON.FeatureCollection, projection: GeoProjection, width: number, height: number, scale = 2): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const c = canvas.getContext("2d")!;
  c.scale(scale, scale);
  c.fillStyle = "#0b2239";
  c.fillRect(0, 0, width, height);
  const path = geoPath(projection, c);
  c.beginPath(); path(geoGraticule10()); c.strokeStyle = "rgba(120,170,220,0.12)"; c.lineWidth = 0.5; c.stroke();
  c.beginPath(); path(features); c.fillStyle = "#1f3b57"; c.fill();
  c.strokeStyle = "#4f7395"; c.lineWidth = 0.6; c.stroke();
  return canvas;
}
