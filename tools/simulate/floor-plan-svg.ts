import { AISLES, Zone, zoneAt } from './floor-plan';
import { Meeting } from './run-stats';
import { count, escapeXml, px, text } from './svg-text';

/** Light to dark: more meetings, darker zone. */
const RAMP = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704'];
const BOX = { width: 560, height: 420 };

export interface PlanBox {
  x: number;
  y: number;
}

/** Meetings per zone (by the midpoint of the two phones), aisles included. */
export function meetingsByZone(zones: readonly Zone[], meetings: readonly Meeting[]): Map<string, number> {
  const byZone = new Map<string, number>([
    ...zones.map((zone): [string, number] => [zone.name, 0]),
    [AISLES, 0],
  ]);
  for (const { a, b } of meetings) {
    const name = zoneAt(zones, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    byZone.set(name, byZone.get(name)! + 1);
  }
  return byZone;
}

const shade = (value: number, max: number): number =>
  max === 0 ? 0 : Math.min(RAMP.length - 1, Math.floor((value / max) * RAMP.length));

/** Meetings per 100 m² of each zone and of the aisles: big and small areas compare fairly. */
function densities(
  hall: { width: number; height: number },
  zones: readonly Zone[],
  byZone: Map<string, number>,
): Map<string, number> {
  const aisleArea = hall.width * hall.height - zones.reduce((sum, zone) => sum + zone.width * zone.height, 0);
  const per100 = (meetings: number, area: number): number => (area <= 0 ? 0 : (meetings / area) * 100);
  return new Map([
    ...zones.map((zone): [string, number] => [
      zone.name,
      per100(byZone.get(zone.name)!, zone.width * zone.height),
    ]),
    [AISLES, per100(byZone.get(AISLES)!, aisleArea)],
  ]);
}

const density = (value: number): string => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

/**
 * The floor plan: the hall, its zones filled by how many meetings happened there (a heat map
 * by zone, each labelled with its name and count), a legend and a scale bar. Its size does not
 * depend on the number of phones, so 2,000 phones read as well as 20.
 */
export function floorPlanSvg(
  origin: PlanBox,
  hall: { width: number; height: number },
  zones: readonly Zone[],
  meetings: readonly Meeting[],
): string {
  const scale = Math.min(BOX.width / hall.width, BOX.height / hall.height);
  const byZone = meetingsByZone(zones, meetings);
  const heat = densities(hall, zones, byZone);
  const max = Math.max(...heat.values());
  const at = (metres: number, offset: number): number => offset + metres * scale;
  const zoneShapes = zones.map((zone) => {
    const level = shade(heat.get(zone.name)!, max);
    const [x, y] = [at(zone.x, origin.x), at(zone.y, origin.y)];
    const ink = level >= 3 ? '#fff' : '#1b1b1b';
    return [
      `<g class="zone" data-zone="${escapeXml(zone.name)}" data-meetings="${byZone.get(zone.name)}">`,
      `<rect x="${px(x)}" y="${px(y)}" width="${px(zone.width * scale)}" height="${px(zone.height * scale)}" fill="${RAMP[level]}" stroke="#555" rx="4"/>`,
      text(x + 7, y + 18, zone.name, `font-size="14" font-weight="600" fill="${ink}"`),
      text(x + 7, y + 34, `${count(byZone.get(zone.name)!)} meetings`, `font-size="12" fill="${ink}"`),
      text(x + 7, y + 50, `${density(heat.get(zone.name)!)} per 100 m²`, `font-size="12" fill="${ink}"`),
      '</g>',
    ].join('');
  });
  return [
    `<rect class="hall" x="${origin.x}" y="${origin.y}" width="${px(hall.width * scale)}" height="${px(hall.height * scale)}" fill="${RAMP[shade(heat.get(AISLES)!, max)]}" stroke="#333" stroke-width="2"/>`,
    ...zoneShapes,
    legend(
      origin.y + hall.height * scale + 28,
      origin.x,
      max,
      `${count(byZone.get(AISLES)!)} meetings, ${density(heat.get(AISLES)!)} per 100 m²`,
    ),
    scaleBar(origin.x + hall.width * scale, origin.y + hall.height * scale + 28, scale),
  ].join('\n');
}

function legend(y: number, x: number, max: number, aisles: string): string {
  const step = max / RAMP.length;
  const swatches = RAMP.map((colour, index) => {
    const from = index * step;
    const label =
      index === RAMP.length - 1 ? `${density(from)}+` : `${density(from)}–${density(from + step)}`;
    return `<rect x="${x + index * 74}" y="${y}" width="20" height="14" fill="${colour}" stroke="#555"/>${text(x + index * 74 + 24, y + 12, label, 'font-size="12"')}`;
  });
  return [
    `<g class="legend">`,
    text(x, y - 8, 'Meetings per 100 m² (where the two phones met)', 'font-size="12" font-weight="600"'),
    ...swatches,
    text(x, y + 34, `Aisles (the hall outside the zones): ${aisles}`, 'font-size="12"'),
    '</g>',
  ].join('');
}

/** A bar of a round length (at most 120 px) ending at `right`. */
function scaleBar(right: number, y: number, scale: number): string {
  const raw = 120 / scale;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const metres = [5, 2, 1].map((m) => m * magnitude).find((step) => step <= raw)!;
  const length = metres * scale;
  return [
    `<g class="scale-bar">`,
    `<path d="M${px(right - length)} ${y - 4} v6 h${px(length)} v-6" fill="none" stroke="#333" stroke-width="2"/>`,
    text(right, y + 16, `${metres} m`, 'font-size="12" text-anchor="end"'),
    '</g>',
  ].join('');
}
