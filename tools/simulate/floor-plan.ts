import { Point } from './walker';

/** An area of the venue people head for. Coordinates in metres from the top left corner. */
export interface Zone {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** How much more often than the others a walker picks it as its next destination. */
  attraction: number;
}

/** Where a meeting happened when it is in no zone. */
export const AISLES = 'aisles';

/** The zones as fractions of the hall, so any --width/--height gets the same floor plan. */
const LAYOUT: [string, number, number, number, number, number][] = [
  ['stage', 0.3, 0.0, 0.4, 0.16, 1],
  ['dance floor', 0.3, 0.2, 0.4, 0.3, 3],
  ['bar', 0.0, 0.18, 0.22, 0.4, 3],
  ['lounge', 0.76, 0.52, 0.24, 0.48, 2],
  ['food court', 0.32, 0.7, 0.36, 0.3, 2],
  ['entrance', 0.0, 0.84, 0.24, 0.16, 1],
];

export function floorPlan(width: number, height: number): Zone[] {
  return LAYOUT.map(([name, x, y, w, h, attraction]) => ({
    name,
    x: x * width,
    y: y * height,
    width: w * width,
    height: h * height,
    attraction,
  }));
}

export function zoneAt(zones: readonly Zone[], { x, y }: Point): string {
  const zone = zones.find((z) => x >= z.x && x <= z.x + z.width && y >= z.y && y <= z.y + z.height);
  return zone?.name ?? AISLES;
}

/**
 * Where a walker goes next: mostly into a zone (by attraction), sometimes anywhere in the hall,
 * so people crowd where venues crowd them.
 */
export function destinationPicker(
  width: number,
  height: number,
  zones: readonly Zone[],
): (random: () => number) => Point {
  const total = zones.reduce((sum, zone) => sum + zone.attraction, 0);
  return (random) => {
    if (zones.length === 0 || random() < 0.25) return { x: random() * width, y: random() * height };
    let pick = random() * total;
    const zone = zones.find((candidate) => (pick -= candidate.attraction) < 0) ?? zones[zones.length - 1];
    return { x: zone.x + random() * zone.width, y: zone.y + random() * zone.height };
  };
}
