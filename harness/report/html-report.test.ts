import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderHtmlReport } from "./html-report.ts";
import type { RunResults } from "./results-model.ts";

describe("renderHtmlReport", () => {
  it("shows each verdict, escapes evidence and links the scenario's artifacts", () => {
    const runDir = mkdtempSync(join(tmpdir(), "shieldlab-html-"));
    mkdirSync(join(runDir, "wire/wire-gcm/pcaps"), { recursive: true });
    writeFileSync(join(runDir, "wire/wire-gcm/pcaps/nm-1.pcap"), "x");
    const r: RunResults = {
      runId: "r1",
      startedAt: "a",
      endedAt: "b",
      interrupted: false,
      versions: { spark: "4.0.5" },
      scenarios: [
        { name: "wire/wire-gcm", description: "d", profile: "auth-gcm", verdict: "pass", finding: { kind: "defended", control: "wire/wire-plain", evidence: "canary" }, seconds: 3, artifacts: "wire/wire-gcm", checks: [{ name: "canary", kind: "wire-canary", valid: true, message: "absent", evidence: { x: "<script>" } }] },
        { name: "wire/wire-plain", description: "d", profile: "plain", verdict: "unknown", seconds: 1, artifacts: "wire/wire-plain", checks: [], error: "cluster <down>" },
      ],
    };
    const html = renderHtmlReport(r, runDir);
    expect(html).toContain("1 passed</b>");
    expect(html).toContain("0 failed</b>");
    expect(html).toContain("1 unknown</b>");
    expect(html).toContain('href="wire/wire-gcm/pcaps/nm-1.pcap"');
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("cluster &lt;down&gt;");
    expect(html).toMatch(/>PASS</);
    expect(html).toMatch(/>UNKNOWN</);
    // the findings lead: the defence and, beside it, its control, before the per-check table; its control did not run
    // (its cluster was down), so the defence is not bound
    const findings = html.indexOf('<section id="findings">');
    expect(findings).toBeGreaterThan(0);
    expect(findings).toBeLessThan(html.indexOf("<h2>Checks</h2>"));
    expect(html).toMatch(/<td class="s-unbound">control not run: defended<\/td>\n {2}<td><a href="#wire\/wire-gcm">wire-gcm<\/a><\/td>/);
    expect(html).toContain('<td class="s-unknown">↳ no finding stated</td>');
  });
});
