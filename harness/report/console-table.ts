// What is printed at the end of a run: the findings first, then the results table with every check.
import Table from "cli-table3";
import pc from "picocolors";
import { unboundFindings } from "./finding-binding.ts";
import { renderFindingsText } from "./findings-console.ts";
import { summarize, type RunResults, type Verdict } from "./results-model.ts";
import { colorEnabled } from "../util/terminal-color.ts";
import { renderChangesText } from "./run-diff-console.ts";
import { renderStabilityText, resultLabel } from "./stability.ts";

const paint: Record<Verdict, (s: string) => string> = { pass: pc.green, fail: pc.red, unknown: pc.yellow };

export function renderConsoleTable(r: RunResults, color = colorEnabled(process.stdout)): string {
  const c = (v: Verdict, s: string): string => (color ? paint[v](s) : s);
  const table = new Table({
    head: ["scenario", "profile", "verdict", "time", "checks"],
    style: { head: color ? ["cyan"] : [], border: color ? ["grey"] : [] },
    wordWrap: true,
    colWidths: [36, 10, 9, 7, 70],
  });
  for (const s of r.scenarios) {
    const checks = s.checks.map((k) => `${k.valid === true ? "✓" : k.valid === false ? "✗" : "?"} ${k.name}: ${k.message}`);
    if (s.error) checks.push(`! ${s.error}`);
    table.push([resultLabel(s), s.profile, c(s.verdict, s.verdict.toUpperCase()), `${s.seconds.toFixed(0)}s`, checks.join("\n")]);
  }
  const sum = summarize(r);
  // a passed test whose finding its controls do not bind fails the run too: the last line says so
  const unbound = unboundFindings(r).length;
  const notBound = unbound > 0 ? `; ${unbound} finding(s) not bound (a control did not pass)` : "";
  const line = `${sum.pass} passed, ${sum.fail} failed, ${sum.unknown} unknown${notBound}${r.interrupted ? " (interrupted)" : ""}`;
  const stability = renderStabilityText(r, { red: (t) => (color ? pc.red(t) : t), green: (t) => (color ? pc.green(t) : t) });
  // the comparison with a baseline comes last, so that a regression is the last thing read
  const changes = r.baseline ? `\n\n${renderChangesText(r.baseline, `CHANGES SINCE BASELINE ${r.baseline.runId}`, color, [`baseline: ${r.baseline.from}`])}` : "";
  return `${renderFindingsText(r, color)}\n\n${table.toString()}\n${stability ? `${stability}\n` : ""}${line}${changes}`;
}
