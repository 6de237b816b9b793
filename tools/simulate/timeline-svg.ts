import { count, niceStep, px, text } from './svg-text';
import { Timeline, TIMELINE_SERIES, TimelineSeries } from './timeline';

const WIDTH = 560;
const PANEL = 74;
const GAP = 34;
const LABELS: Record<TimelineSeries, string> = {
  sessions: 'sessions created per second',
  sightings: 'sightings (POST /match answered) per second',
  meetings: 'meetings (nudge_sent: true) per second',
  nudges: 'nudges delivered per second',
};
const COLOURS: Record<TimelineSeries, string> = {
  sessions: '#4c78a8',
  sightings: '#72b7b2',
  meetings: '#e45756',
  nudges: '#f58518',
};

interface Frame {
  x: number;
  y: number;
  seconds: number;
}

/** Horizontal grid and y labels for 0..max, and the panel's title. */
function axes(frame: Frame, title: string, max: number, unit: string): { top: number; lines: string[] } {
  const step = niceStep(max, 2);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const lines = [text(frame.x, frame.y - 8, title, 'font-size="13" font-weight="600"')];
  for (let value = 0; value <= top; value += step) {
    const y = frame.y + PANEL - (value / top) * PANEL;
    lines.push(`<line x1="${frame.x}" x2="${frame.x + WIDTH}" y1="${px(y)}" y2="${px(y)}" stroke="#ddd"/>`);
    lines.push(
      text(frame.x - 6, y + 4, `${count(value)}${unit}`, 'font-size="11" text-anchor="end" fill="#555"'),
    );
  }
  return { top, lines };
}

function bars(frame: Frame, series: TimelineSeries, values: number[]): string {
  const { top, lines } = axes(frame, LABELS[series], Math.max(0, ...values), '');
  const width = WIDTH / Math.max(1, frame.seconds);
  const shapes = values.map((value, second) => {
    const height = (value / top) * PANEL;
    return `<rect x="${px(frame.x + second * width)}" y="${px(frame.y + PANEL - height)}" width="${px(Math.max(1, width - 1))}" height="${px(height)}"/>`;
  });
  return `<g class="panel" data-series="${series}">${lines.join('')}<g fill="${COLOURS[series]}">${shapes.join('')}</g></g>`;
}

function line(frame: Frame, top: number, values: (number | undefined)[], colour: string): string {
  const width = WIDTH / Math.max(1, frame.seconds);
  const points = values.flatMap((value, second) =>
    value === undefined
      ? []
      : [
          `${px(frame.x + (second + 0.5) * width)},${px(frame.y + PANEL - (Math.min(value, top) / top) * PANEL)}`,
        ],
  );
  return `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`;
}

function latency(frame: Frame, timeline: Timeline): string {
  const percentiles = timeline.latencyPercentiles();
  const p99 = percentiles.map((entry) => entry.p99);
  const { top, lines } = axes(
    frame,
    'nudge latency per second (call sent to frame)',
    Math.max(0, ...p99.map((v) => v ?? 0)),
    ' ms',
  );
  const key = [
    `<rect x="${frame.x + WIDTH - 150}" y="${frame.y - 19}" width="14" height="4" fill="#1f77b4"/>`,
    text(frame.x + WIDTH - 132, frame.y - 14, 'p50', 'font-size="12"'),
    `<rect x="${frame.x + WIDTH - 90}" y="${frame.y - 19}" width="14" height="4" fill="#d62728"/>`,
    text(frame.x + WIDTH - 72, frame.y - 14, 'p99', 'font-size="12"'),
  ];
  return `<g class="panel" data-series="latency">${lines.join('')}${key.join('')}${line(
    frame,
    top,
    percentiles.map((entry) => entry.p50),
    '#1f77b4',
  )}${line(frame, top, p99, '#d62728')}</g>`;
}

function timeAxis(frame: Frame): string {
  const step = niceStep(frame.seconds, 6);
  const ticks: string[] = [];
  for (let second = 0; second <= frame.seconds; second += step) {
    const x = frame.x + (second / Math.max(1, frame.seconds)) * WIDTH;
    ticks.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${frame.y}" y2="${frame.y + 5}" stroke="#555"/>`);
    ticks.push(text(x, frame.y + 18, `${second} s`, 'font-size="11" text-anchor="middle" fill="#555"'));
  }
  return `<g class="time-axis">${ticks.join('')}</g>`;
}

/** Height the timeline takes: four count panels, the latency panel and the time axis. */
export const TIMELINE_HEIGHT = (TIMELINE_SERIES.length + 1) * (PANEL + GAP) + 24;

/** Four bar charts of events per second and the latency percentiles over time, on one time axis. */
export function timelineSvg(x: number, y: number, timeline: Timeline): string {
  const seconds = timeline.perSecond();
  const frame = (index: number): Frame => ({ x, y: y + index * (PANEL + GAP), seconds: seconds.length });
  const panels = TIMELINE_SERIES.map((series, index) =>
    bars(
      frame(index),
      series,
      seconds.map((second) => second.counts[series]),
    ),
  );
  const last = frame(TIMELINE_SERIES.length);
  return [...panels, latency(last, timeline), timeAxis({ ...last, y: last.y + PANEL })].join('\n');
}
