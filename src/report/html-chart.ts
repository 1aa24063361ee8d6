import { formatUsd } from '../format/format-values.js';
import { GRADES } from '../records/grade.js';
import type { ModelSummary } from '../records/report.js';
import { escapeHtml } from './html-escape.js';

const WIDTH = 720;
const HEIGHT = 340;
const LEFT = 48;
const RIGHT = 150;
const TOP = 16;
const BOTTOM = 44;
/** Room at the left of the cost axis for $0 (local) models, which a log scale cannot place. */
const FREE_LANE = 72;

/** A model the chart can place: a real model with a mean overall grade and a fully known cost. */
function plottable(model: ModelSummary): boolean {
  return model.builtin === undefined && model.meanOverall !== null && model.unknownCostRuns === 0;
}

/** A generous guess at a label's width in the chart's 12px font, so guessed boxes hold the drawn ones. */
const CHAR_WIDTH = 7.5;
const LINE_HEIGHT = 15;

interface PlacedLabel {
  px: number;
  py: number;
  /** The text's anchor point (its baseline) and which end it is. */
  x: number;
  y: number;
  anchor: 'start' | 'end';
  /** Where a leader line meets the label, when it sits away from its point. */
  lineX: number;
  moved: boolean;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Puts each point's label where it overlaps no other label and no other point: to the right of
 * its point, else to the left, else the nearest free line above or below (with a leader line).
 * Models with the same grade and a similar cost would otherwise print over each other.
 */
function placeLabels(points: { x: number; y: number; text: string }[]): PlacedLabel[] {
  const taken: Box[] = points.map((p) => ({
    left: p.x - 6,
    right: p.x + 6,
    top: p.y - 6,
    bottom: p.y + 6,
  }));
  // Top to bottom, left to right, so the result does not depend on the models' order.
  const order = points
    .map((point, i) => ({ point, i }))
    .sort((a, b) => a.point.y - b.point.y || a.point.x - b.point.x);
  const placed: PlacedLabel[] = [];
  for (const { point, i } of order) {
    const width = point.text.length * CHAR_WIDTH;
    const box = (x: number, y: number, anchor: 'start' | 'end'): Box => ({
      left: anchor === 'start' ? x : x - width,
      right: anchor === 'start' ? x + width : x,
      top: y - LINE_HEIGHT + 3,
      bottom: y + 3,
    });
    const candidates: { x: number; y: number; anchor: 'start' | 'end'; moved: boolean }[] = [
      { x: point.x + 8, y: point.y + 4, anchor: 'start', moved: false },
      { x: point.x - 8, y: point.y + 4, anchor: 'end', moved: false },
    ];
    for (let step = 1; step <= points.length * 2; step++) {
      for (const sign of [1, -1]) {
        candidates.push({
          x: point.x + 14,
          y: point.y + 4 + sign * step * LINE_HEIGHT,
          anchor: 'start',
          moved: true,
        });
      }
    }
    const inside = (b: Box) =>
      b.left >= 0 && b.right <= WIDTH && b.top >= 0 && b.bottom <= HEIGHT - BOTTOM;
    const free =
      candidates.find((c) => {
        const b = box(c.x, c.y, c.anchor);
        return inside(b) && !taken.some((t) => overlaps(t, b));
      }) ?? candidates[0];
    if (!free) continue;
    taken.push(box(free.x, free.y, free.anchor));
    placed[i] = {
      px: point.x,
      py: point.y,
      ...free,
      lineX: free.x - 2,
    };
  }
  return placed;
}

function costTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
    ticks.push(10 ** e);
  return ticks;
}

/**
 * An inline SVG of each real model's total cost (log scale; $0 local models in their own lane)
 * against its mean overall grade, so the cheap models that still do the job stand out.
 * Models with an unknown cost are listed under the chart instead.
 */
export function renderCostGradeChart(models: ModelSummary[]): string {
  const placed = models.filter(plottable);
  const unplaced = models.filter(
    (model) => model.builtin === undefined && model.meanOverall !== null && !plottable(model),
  );
  if (placed.length === 0) {
    return '<p class="muted">No model has both a grade and a known cost to chart.</p>';
  }
  const paid = placed.filter((model) => model.costUsd > 0).map((model) => model.costUsd);
  const ticks = paid.length > 0 ? costTicks(Math.min(...paid), Math.max(...paid)) : [];
  const lo = Math.log10(ticks[0] ?? 1);
  const hi = Math.log10(ticks[ticks.length - 1] ?? 10);
  const hasFree = placed.some((model) => model.costUsd === 0);
  const plotLeft = LEFT + (hasFree ? FREE_LANE : 16);
  const plotWidth = WIDTH - plotLeft - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (usd: number) =>
    usd <= 0
      ? LEFT + (FREE_LANE - 12) / 2
      : plotLeft + (hi === lo ? plotWidth / 2 : ((Math.log10(usd) - lo) / (hi - lo)) * plotWidth);
  const y = (points: number) => TOP + plotHeight - (points / 5) * plotHeight;

  const parts: string[] = [];
  GRADES.forEach((grade, i) => {
    const py = y(5 - i);
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${py}" y2="${py}"/>`,
      `<text x="${LEFT - 10}" y="${py + 4}" text-anchor="end">${grade}</text>`,
    );
  });
  for (const tick of ticks) {
    const px = x(tick);
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${TOP}" y2="${TOP + plotHeight}"/>`,
      `<text x="${px}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${escapeHtml(formatUsd(tick))}</text>`,
    );
  }
  if (hasFree) {
    const edge = LEFT + FREE_LANE - 12;
    parts.push(
      `<line class="axis" x1="${edge}" x2="${edge}" y1="${TOP}" y2="${TOP + plotHeight}"/>`,
      `<text x="${LEFT + (FREE_LANE - 12) / 2}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">$0</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + plotHeight}" y2="${TOP + plotHeight}"/>`,
    `<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + plotHeight}"/>`,
    `<text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${HEIGHT - 8}" text-anchor="middle">total agent cost (USD, log scale)</text>`,
  );
  const labels = placeLabels(
    placed.map((model) => ({
      x: x(model.costUsd),
      y: y(model.meanOverall ?? 0),
      text: model.label,
    })),
  );
  placed.forEach((model, i) => {
    const label = labels[i];
    if (!label) return;
    const tip = `${model.label}: overall ${model.overall ?? '—'} (mean ${(model.meanOverall ?? 0).toFixed(2)}), ${formatUsd(model.costUsd)}`;
    // A label moved away from its point gets a line back to it.
    const leader = label.moved
      ? `<line class="leader" x1="${label.px.toFixed(1)}" y1="${label.py.toFixed(1)}" x2="${label.lineX.toFixed(1)}" y2="${(label.y - 4).toFixed(1)}"/>`
      : '';
    parts.push(
      `<g class="point" data-model="${escapeHtml(model.model)}"><title>${escapeHtml(tip)}</title>` +
        `<circle cx="${label.px.toFixed(1)}" cy="${label.py.toFixed(1)}" r="5"/>${leader}` +
        `<text x="${label.x.toFixed(1)}" y="${label.y.toFixed(1)}" text-anchor="${label.anchor}">${escapeHtml(model.label)}</text></g>`,
    );
  });
  const svg = `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Total cost versus overall grade per model">${parts.join('')}</svg>`;
  const note =
    unplaced.length > 0
      ? `<p class="muted">Not charted (a run's price is unknown): ${unplaced.map((m) => escapeHtml(m.label)).join(', ')}.</p>`
      : '';
  return svg + note;
}
