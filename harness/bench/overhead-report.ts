// The overhead report: a Markdown table and an SVG chart of each profile's time ratio to plain with its interval.
import type { RatioEstimate } from "./ratio-stats.ts";

export interface ProfileRow {
  profile: string;
  elapsed: RatioEstimate;
  cpu?: RatioEstimate;
  meanElapsedMs: number;
  meanCpuMs?: number;
}

const f = (x: number, d = 3): string => x.toFixed(d);
/** With one sample in either group there is no spread to resample: no interval can be given. */
export const hasInterval = (e: RatioEstimate): boolean => e.n >= 2 && e.baselineN >= 2;
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function renderMarkdown(rows: ProfileRow[], context: { sizeMb: number; reps: number; note: string; baseline?: string }): string {
  const head = "| profile | shuffle time ratio | 95 % interval | ± % | mean ms | executor CPU ratio | 95 % interval |\n|---|---|---|---|---|---|---|";
  const body = rows
    .map((r) => {
      const wide = !hasInterval(r.elapsed) || r.elapsed.relativeHalfWidth > 0.05 ? " ⚠" : "";
      const interval = (e: RatioEstimate): string => (hasInterval(e) ? `${f(e.low)}–${f(e.high)}` : `n/a (n=${Math.min(e.n, e.baselineN)})`);
      const cpu = r.cpu ? `| ${f(r.cpu.ratio)} | ${interval(r.cpu)} |` : "| – | – |";
      return `| ${r.profile} | ${f(r.elapsed.ratio)} | ${interval(r.elapsed)} | ${hasInterval(r.elapsed) ? pct(r.elapsed.relativeHalfWidth) : "n/a"}${wide} | ${r.meanElapsedMs.toFixed(0)} ${cpu}`;
    })
    .join("\n");
  return `Shuffle of ${context.sizeMb} MB, ${context.reps} interleaved repetition(s) per profile; ratio = mean time / mean time of ${context.baseline ?? "plain"}.\n${context.note}\n\n${head}\n${body}\n`;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** Horizontal bars (ratio) with whiskers (interval) and a line at 1.0. */
export function renderSvgChart(rows: ProfileRow[], title: string): string {
  const w = 720;
  const rowH = 26;
  const left = 170;
  const top = 40;
  const h = top + rows.length * rowH + 40;
  const maxX = Math.max(1.2, ...rows.map((r) => r.elapsed.high)) * 1.05;
  const x = (v: number): number => left + ((w - left - 30) * v) / maxX;
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowH;
      return [
        `<text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="12">${esc(r.profile)}</text>`,
        `<rect x="${x(0)}" y="${y + 5}" width="${x(r.elapsed.ratio) - x(0)}" height="14" fill="${r.elapsed.ratio > 1.0 ? "#d1242f" : "#1a7f37"}" opacity="0.55"/>`,
        `<line x1="${x(r.elapsed.low)}" x2="${x(r.elapsed.high)}" y1="${y + 12}" y2="${y + 12}" stroke="#000"/>`,
        `<line x1="${x(r.elapsed.low)}" x2="${x(r.elapsed.low)}" y1="${y + 7}" y2="${y + 17}" stroke="#000"/>`,
        `<line x1="${x(r.elapsed.high)}" x2="${x(r.elapsed.high)}" y1="${y + 7}" y2="${y + 17}" stroke="#000"/>`,
        `<text x="${x(r.elapsed.high) + 6}" y="${y + 16}" font-size="11">${r.elapsed.ratio.toFixed(3)}</text>`,
      ].join("");
    })
    .join("\n");
  const ticks = [0, 0.5, 1, 1.5, 2, 2.5, 3].filter((t) => t <= maxX).map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${top - 4}" y2="${h - 30}" stroke="#ccc" stroke-dasharray="${t === 1 ? "0" : "3,3"}"/><text x="${x(t)}" y="${h - 14}" font-size="11" text-anchor="middle">${t}</text>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>
${ticks}
${bars}
</svg>
`;
}
