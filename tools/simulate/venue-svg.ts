import { Phone } from './phone';
import { Meeting } from './run-stats';
import { Point } from './walker';

const SCALE = 8; // pixels per metre
const round = (value: number): string => (Math.round(value * SCALE * 10) / 10).toString();
const coords = ({ x, y }: Point): string => `${round(x)},${round(y)}`;

/** The venue from above: each phone's path in its own colour ending in a dot, each meeting a red line. */
export function venueSvg(
  width: number,
  height: number,
  phones: readonly Phone[],
  meetings: readonly Meeting[],
): string {
  const paths = phones
    .filter((phone) => phone.path.length > 1)
    .map((phone) => {
      const hue = Math.round((phone.index * 137.508) % 360);
      return `<polyline stroke="hsl(${hue},60%,45%)" points="${phone.path.map(coords).join(' ')}"/>`;
    });
  const ends = phones
    .filter((phone) => phone.path.length > 0)
    .map((phone) => {
      const { x, y } = phone.path[phone.path.length - 1];
      return `<circle cx="${round(x)}" cy="${round(y)}" r="2.5"/>`;
    });
  const lines = meetings.map(
    ({ a, b }) => `<line x1="${round(a.x)}" y1="${round(a.y)}" x2="${round(b.x)}" y2="${round(b.y)}"/>`,
  );
  const w = round(width);
  const h = round(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<title>SigHej venue: ${phones.length} phones, ${meetings.length} meetings</title>`,
    `<rect width="${w}" height="${h}" fill="#fafafa" stroke="#999"/>`,
    `<g fill="none" stroke-width="1.6" stroke-opacity="0.8" stroke-linejoin="round">${paths.join('')}</g>`,
    `<g stroke="#d62728" stroke-width="0.8" stroke-opacity="0.45">${lines.join('')}</g>`,
    `<g fill="#333">${ends.join('')}</g>`,
    '</svg>',
    '',
  ].join('\n');
}
