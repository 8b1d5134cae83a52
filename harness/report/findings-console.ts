// The findings section of the console output: per area, each finding with its evidence and fix, its control below.
import pc from "picocolors";
import { findingsByArea, findingsSummary, type FindingEntry } from "./findings.ts";
import type { FindingKind, RunResults, Verdict } from "./results-model.ts";

const KIND_PAINT: Record<FindingKind, (s: string) => string> = {
  defended: pc.green,
  vulnerable: pc.red,
  "documented-weakness": pc.magenta,
  control: pc.cyan,
  baseline: pc.dim,
};
const VERDICT_PAINT: Record<Verdict, (s: string) => string> = { pass: pc.green, fail: pc.red, unknown: pc.yellow };

/** Greedy word wrap to `width` columns, every line indented by `indent`; a word longer than a line is cut. */
export function wrap(text: string, width: number, indent: string): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(" ").filter(Boolean)) {
    while (word.length > room) {
      if (line) lines.push(line);
      lines.push(word.slice(0, room));
      word = word.slice(room);
      line = "";
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}

/** The findings section, at most `width` columns wide (colour codes aside). */
export function renderFindingsText(r: RunResults, color = false, width = 100): string {
  const paint = (f: (s: string) => string, s: string): string => (color ? f(s) : s);
  const head = (e: FindingEntry, lead: string, labelWidth: number): string => {
    const test = `test ${e.scenario.verdict.toUpperCase()}`;
    const label = `${e.label} `.padEnd(labelWidth);
    const room = width - lead.length - label.length - test.length - 1;
    const id = e.id.length <= room ? e.id.padEnd(room) : e.id;
    const painted = e.status !== "shown" ? paint(VERDICT_PAINT[e.scenario.verdict], label) : e.kind ? paint(KIND_PAINT[e.kind], label) : label;
    return `${lead}${painted}${id} ${paint(VERDICT_PAINT[e.scenario.verdict], test)}`;
  };
  const body = (e: FindingEntry, indent: string): string[] => [
    ...wrap(e.evidence, width, indent),
    ...(e.fix ? wrap(`fix: ${e.fix}`, width, indent) : []),
  ];
  const out = [paint(pc.bold, "FINDINGS"), ...wrap(`${findingsSummary(r)}. A finding holds only when its test PASSes; the checks follow below.`, width, "")];
  for (const a of findingsByArea(r)) {
    out.push("", paint(pc.bold, a.area));
    for (const e of a.entries) {
      out.push(head(e, "  ", 22), ...body(e, "    "));
      // a control that is a finding of its own (shown in its place) gets only its heading here
      for (const c of e.controls) out.push(head(c, "    ↳ ", 18), ...(c.kind === "control" ? body(c, "      ") : []));
    }
  }
  return out.join("\n");
}
