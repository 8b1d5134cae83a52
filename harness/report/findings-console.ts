// The findings section of the console output: per area, each finding with its evidence and fix, its control below.
import pc from "picocolors";
import { capturedSecretsOf, findingsByArea, findingsSummary, type ControlLine, type FindingEntry } from "./findings.ts";
import type { FindingKind, RunResults, Verdict } from "./results-model.ts";

const KIND_PAINT: Record<FindingKind, (s: string) => string> = {
  defended: pc.green,
  vulnerable: pc.red,
  "documented-weakness": pc.magenta,
  control: pc.cyan,
  baseline: pc.dim,
};
/** What a verdict on the emulated attestation layer shows, said beside each such finding. */
export const EMULATED_NOTE = "shows the verifier's, plugin's and YARN's logic, not hardware key protection";

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
  const line = (lead: string, labelText: string, labelWidth: number, id: string, test: string, labelPaint: ((s: string) => string) | undefined, testPaint: (s: string) => string): string => {
    const label = `${labelText} `.padEnd(labelWidth);
    const room = width - lead.length - label.length - test.length - 1;
    const padded = id.length <= room ? id.padEnd(room) : id;
    return `${lead}${labelPaint ? paint(labelPaint, label) : label}${padded} ${paint(testPaint, test)}`;
  };
  const head = (e: FindingEntry, lead: string, labelWidth: number): string => {
    const v = e.scenario.verdict;
    // a finding its controls do not bind is painted as a failure, whatever its own test said
    const labelPaint = e.status === "unbound" ? pc.red : e.status !== "shown" ? VERDICT_PAINT[v] : e.kind ? KIND_PAINT[e.kind] : undefined;
    return line(lead, e.label, labelWidth, e.id, `test ${v.toUpperCase()}`, labelPaint, VERDICT_PAINT[v]);
  };
  const body = (e: FindingEntry, indent: string): string[] => [
    ...(e.emulated ? wrap(`[emulated CCA/IMA] ${EMULATED_NOTE}`, width, indent).map((l) => paint(pc.yellow, l)) : []),
    ...wrap(e.evidence, width, indent),
    ...(e.fix ? wrap(`fix: ${e.fix}`, width, indent) : []),
  ];
  const controlLines = (c: ControlLine): string[] => {
    // a control with no row on the finding's pair: say so, and where it had to run
    if (!c.entry) return [line("    ↳ ", "control not run", 18, c.id, "NO RESULT", pc.yellow, pc.yellow), ...wrap(`no result${c.pair ? ` on ${c.pair}` : ""} in this run`, width, "      ")];
    // a control that is a finding of its own (shown in its place) gets only its heading here
    return [head(c.entry, "    ↳ ", 18), ...(c.entry.kind === "control" ? body(c.entry, "      ") : [])];
  };
  const intro = `${findingsSummary(r)}. A finding holds only when its test PASSes and so does each control it names, in this run on the same version pair; the checks follow below.`;
  const out = [paint(pc.bold, "FINDINGS"), ...wrap(intro, width, "")];
  for (const a of findingsByArea(r)) {
    out.push("", paint(pc.bold, a.area));
    for (const e of a.entries) {
      out.push(head(e, "  ", 22), ...body(e, "    "));
      for (const c of e.controls) out.push(...controlLines(c));
    }
  }
  const carried = capturedSecretsOf(r);
  if (carried.length > 0) {
    out.push("", paint(pc.bold, "CAPTURES THAT CARRY GENERATED SECRETS"), ...wrap("Packet captures are kept as recorded (they are evidence); these hold a secret the harness generated, named by kind and sha256 prefix:", width, ""));
    for (const c of carried) out.push(...wrap(`${c.scenario}: ${c.pcap} — ${c.kind} sha256=${c.sha256Prefix}… (${c.count}×)`, width, "  "));
  }
  return out.join("\n");
}
