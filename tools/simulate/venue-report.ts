import { Zone } from './floor-plan';
import { floorPlanSvg } from './floor-plan-svg';
import { Meeting } from './run-stats';
import { count, FONT, text } from './svg-text';
import { Timeline } from './timeline';
import { TIMELINE_HEIGHT, timelineSvg } from './timeline-svg';

export interface VenueReportInput {
  phones: number;
  seconds: number;
  hall: { width: number; height: number };
  zones: readonly Zone[];
  meetings: readonly Meeting[];
  timeline: Timeline;
  /** One line under the title, e.g. the service the run used and its errors. */
  subtitle: string;
}

const WIDTH = 1240;
const PLAN_X = 24;
const TIMELINE_X = 660;
const TOP = 92;

/**
 * The report a venue operator looks at: the floor plan with meetings as a heat map by zone on
 * the left, the run's timeline on the right. Fixed size, one file, no script.
 */
export function venueReport(input: VenueReportInput): string {
  const height = TOP + TIMELINE_HEIGHT + 20;
  const title = `${count(input.phones)} phones, ${count(input.seconds)} s, ${count(input.meetings.length)} meetings`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    `<title>SigHej venue report: ${title}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    text(PLAN_X, 34, `SigHej venue report: ${title}`, 'font-size="22" font-weight="700" class="title"'),
    text(PLAN_X, 58, input.subtitle, 'font-size="13" fill="#444" class="subtitle"'),
    text(
      PLAN_X,
      TOP - 12,
      `Floor plan (${Math.round(input.hall.width)} × ${Math.round(input.hall.height)} m)`,
      'font-size="15" font-weight="600"',
    ),
    floorPlanSvg({ x: PLAN_X, y: TOP }, input.hall, input.zones, input.meetings),
    timelineSvg(TIMELINE_X, TOP + 20, input.timeline),
    '</svg>',
    '',
  ].join('\n');
}
