import { describe, expect, it } from "vitest";
import { renderFindingsText } from "./findings-console.ts";
import { renderFindingsHtml } from "./findings-html.ts";
import { findingsRecord, findingsSummary } from "./findings.ts";
import { renderJunit } from "./junit-xml.ts";
import type { ScenarioResult } from "./results-model.ts";
import { runResults } from "./results-test-support.ts";

const pass = (name: string, extra: Partial<ScenarioResult>): ScenarioResult => ({
  name,
  description: name,
  profile: "auth-gcm",
  verdict: "pass",
  checks: [{ name: "c", kind: "k", valid: true, message: "ok" }],
  seconds: 1,
  artifacts: name,
  ...extra,
});

const run = runResults("r1", [
  pass("attestation/att-tampered-jar", { emulated: "cca-ima", finding: { kind: "defended", control: "attestation/att-tampered-jar-control" } }),
  pass("attestation/att-tampered-jar-control", { emulated: "cca-ima", finding: { kind: "control" } }),
  pass("tenancy/ten-kill-foreign", { finding: { kind: "defended" } }),
  pass("wire/wire-tls-password-sniff", {
    finding: { kind: "documented-weakness", fix: "privacy" },
    capturedSecrets: { pcaps: ["nm-1.pcap"], sightings: [{ pcap: "nm-1.pcap", kind: "keystore-password", sha256Prefix: "edbc6ecb18f3", count: 3 }] },
  }),
]);

describe("findings on the emulated layer, and captures that carry secrets", () => {
  it("marks each finding that rests on the emulated CCA/IMA layer in the console, HTML, JUnit and results.json", () => {
    const text = renderFindingsText(run, false, 120);
    const block = text.slice(text.indexOf("att-tampered-jar"), text.indexOf("tenancy"));
    expect(block).toContain("[emulated CCA/IMA] shows the verifier's, plugin's and YARN's logic, not hardware key protection");
    expect(text.slice(text.indexOf("ten-kill-foreign"))).not.toContain("[emulated");
    expect(findingsSummary(run)).toContain("; 1 rest on the emulated CCA/IMA layer");
    expect(renderFindingsHtml(run)).toContain('<span class="emulated"');
    expect(renderJunit(run)).toContain('name="att-tampered-jar" time="1.000"><properties><property name="emulated" value="cca-ima"/></properties>');
    const rec = findingsRecord(run).entries as Array<{ name: string; emulated?: string }>;
    expect(rec.find((e) => e.name === "attestation/att-tampered-jar")?.emulated).toBe("cca-ima");
    expect(rec.find((e) => e.name === "tenancy/ten-kill-foreign")?.emulated).toBeUndefined();
  });

  it("lists the captures that carry a generated secret, by kind and hash prefix", () => {
    const text = renderFindingsText(run, false, 200);
    expect(text).toContain("CAPTURES THAT CARRY GENERATED SECRETS");
    expect(text).toContain("wire/wire-tls-password-sniff: wire/wire-tls-password-sniff/pcaps/nm-1.pcap — keystore-password sha256=edbc6ecb18f3… (3×)");
    expect(renderFindingsHtml(run)).toContain("<td>keystore-password</td><td><code>sha256=edbc6ecb18f3…</code></td>");
    expect(renderFindingsText(runResults("r2", [pass("tenancy/ten-kill-foreign", {})]), false)).not.toContain("CAPTURES");
  });
});
