import { describe, expect, it } from "vitest";
import { bootstrapRatio } from "./ratio-stats.ts";
import { renderMarkdown, renderSvgChart, type ProfileRow } from "./overhead-report.ts";

const base = [100, 101, 99, 100];
const rows: ProfileRow[] = [
  { profile: "plain", elapsed: bootstrapRatio(base, base), meanElapsedMs: 100 },
  { profile: "auth+gcm", elapsed: bootstrapRatio([130, 70, 150, 90], base), meanElapsedMs: 110, cpu: bootstrapRatio([2, 2], [1, 1]), meanCpuMs: 2 },
];

describe("overhead report", () => {
  it("Markdown: one row per profile, flags an interval wider than ±5 %", () => {
    const md = renderMarkdown(rows, { sizeMb: 64, reps: 4, note: "local bridge, not a real network" });
    expect(md).toContain("| plain | 1.000 |");
    expect(md).toMatch(/\| auth\+gcm \| 1\.100 \|.*⚠/);
    expect(md).toContain("local bridge, not a real network");
  });
  it("says n/a rather than a zero-width interval when a group has one sample", () => {
    const one: ProfileRow[] = [{ profile: "tls-rpc", elapsed: bootstrapRatio([150], [100]), meanElapsedMs: 150 }];
    const md = renderMarkdown(one, { sizeMb: 2, reps: 1, note: "" });
    expect(md).toMatch(/\| tls-rpc \| 1\.500 \| n\/a \(n=1\) \| n\/a ⚠ \|/);
  });

  it("SVG: a well-formed chart with a bar per profile", () => {
    const svg = renderSvgChart(rows, "ratio <to> plain");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain("ratio &lt;to> plain");
  });
});
