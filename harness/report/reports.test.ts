import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderConsoleTable } from "./console-table.ts";
import { renderJunit } from "./junit-xml.ts";
import { findingsRecord } from "./findings.ts";
import { runPassed, summarize, verdictOf, type RunResults, type ScenarioResult } from "./results-model.ts";
import { pointLatest, writeRunReports } from "./run-writer.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { findSecretsInArtifacts } from "../util/secret-redactor.ts";

function scenario(over: Partial<ScenarioResult> & Pick<ScenarioResult, "name" | "verdict">): ScenarioResult {
  return { description: "d", profile: "plain", checks: [], seconds: 1, artifacts: over.name, ...over };
}

function sampleRun(): RunResults {
  return {
    runId: "20261122-120000-abcdef",
    startedAt: "2026-11-22T12:00:00.000Z",
    endedAt: "2026-11-22T12:05:00.000Z",
    interrupted: false,
    versions: { hadoop: "3.4.3", spark: "4.0.5" },
    scenarios: [
      scenario({
        name: "cluster/pi-deploy-modes",
        verdict: "pass",
        finding: { kind: "baseline", evidence: "app" },
        seconds: 61.25,
        checks: [{ name: "app", kind: "app-state", valid: true, message: "2 app(s) FINISHED/SUCCEEDED in the RM" }],
      }),
      scenario({
        name: "cluster/shuffle-canary",
        verdict: "fail",
        profile: "auth-gcm",
        seconds: 42,
        checks: [
          { name: "app", kind: "app-state", valid: true, message: "ok" },
          { name: "records", kind: "driver-output", valid: false, message: `no line matches /a<b & c>"d"/` },
        ],
      }),
      scenario({
        name: "attestation/quote",
        verdict: "unknown",
        seconds: 3.5,
        checks: [{ name: "app", kind: "app-state", valid: "unknown", message: "no application report" }],
        error: "cluster <rm> failed & stopped",
      }),
    ],
  };
}

/** Checks that every opened element is closed in order (no XML parser in the dependencies). */
function assertBalancedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>/, "");
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // no stray markup characters: every < starts a tag, every & starts an entity
  const withoutTags = body.replace(/<\/?[A-Za-z][\w:-]*(?:\s+[\w:-]+="[^"<]*")*\s*\/?>/g, "");
  expect(withoutTags).not.toMatch(/[<>]/);
  expect(withoutTags).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
}

describe("results model", () => {
  it("maps validity to verdicts", () => {
    expect(verdictOf(true)).toBe("pass");
    expect(verdictOf(false)).toBe("fail");
    expect(verdictOf("unknown")).toBe("unknown");
  });

  it("counts verdicts", () => {
    expect(summarize(sampleRun())).toEqual({ pass: 1, fail: 1, unknown: 1 });
  });

  it("passes only when every scenario passed", () => {
    const r = sampleRun();
    expect(runPassed(r)).toBe(false);
    const passOnly = { ...r, scenarios: [r.scenarios[0]!] };
    expect(runPassed(passOnly)).toBe(true);
  });

  it("does not pass when a scenario is unknown, even with no failure", () => {
    const r = sampleRun();
    expect(runPassed({ ...r, scenarios: [r.scenarios[0]!, r.scenarios[2]!] })).toBe(false);
  });

  it("does not pass with zero scenarios", () => {
    expect(runPassed({ ...sampleRun(), scenarios: [] })).toBe(false);
  });

  it("does not pass when interrupted, even if everything that ran passed", () => {
    const r = sampleRun();
    expect(runPassed({ ...r, interrupted: true, scenarios: [r.scenarios[0]!] })).toBe(false);
  });
});

describe("renderJunit", () => {
  const xml = renderJunit(sampleRun());

  it("counts tests, failures (fail) and errors (unknown)", () => {
    expect(xml).toMatch(/<testsuites name="shieldlab" tests="3" failures="1" errors="1" time="106\.750">/);
    expect(xml).toMatch(/<testsuite name="shieldlab run 20261122-120000-abcdef" tests="3" failures="1" errors="1" time="106\.750" timestamp="2026-11-22T12:00:00\.000Z">/);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });

  it("splits the name into classname (area) and name", () => {
    expect(xml).toContain('<testcase classname="shieldlab.cluster" name="pi-deploy-modes" time="61.250">');
    expect(xml).toContain('<testcase classname="shieldlab.attestation" name="quote" time="3.500">');
  });

  it("gives the failed scenario a <failure> naming the first bad check, escaped", () => {
    const tc = /<testcase classname="shieldlab.cluster" name="shuffle-canary"[\s\S]*?<\/testcase>/.exec(xml)?.[0];
    expect(tc).toBeDefined();
    expect(tc).toContain('<failure message="records: no line matches /a&lt;b &amp; c&gt;&quot;d&quot;/">');
    expect(tc).not.toContain("<error");
    expect(tc).toContain("profile: auth-gcm");
  });

  it("gives the unknown scenario an <error> with the scenario's error, escaped", () => {
    const tc = /<testcase classname="shieldlab.attestation"[\s\S]*?<\/testcase>/.exec(xml)?.[0];
    expect(tc).toContain('<error type="unknown" message="cluster &lt;rm&gt; failed &amp; stopped">');
    expect(tc).not.toContain("<failure");
  });

  it("gives the passing scenario neither failure nor error", () => {
    const tc = /<testcase classname="shieldlab.cluster" name="pi-deploy-modes"[\s\S]*?<\/testcase>/.exec(xml)?.[0];
    expect(tc).toBeDefined();
    expect(tc).not.toMatch(/<failure|<error/);
    expect(tc).toContain("<system-out>");
  });

  it("has exactly one failure and one error element", () => {
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<error /g)).toHaveLength(1);
  });

  it("is well-formed", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    assertBalancedXml(xml);
  });

  it("strips control characters that XML 1.0 forbids", () => {
    const r = sampleRun();
    r.scenarios[1]!.checks[1]!.message = "bell\u0007 and escape\u001b[31m";
    const out = renderJunit(r);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(out).toContain("bell and escape[31m");
    assertBalancedXml(out);
  });

  it("the balance check itself catches a broken document", () => {
    expect(() => assertBalancedXml("<a><b></a></b>")).toThrow();
    expect(() => assertBalancedXml("<a>x & y</a>")).toThrow();
  });
});

describe("renderConsoleTable", () => {
  const text = renderConsoleTable(sampleRun(), false);

  it("lists every scenario with its verdict", () => {
    for (const s of sampleRun().scenarios) expect(text).toContain(s.name);
    expect(text).toContain("PASS");
    expect(text).toContain("FAIL");
    expect(text).toContain("UNKNOWN");
  });

  it("marks checks ✓ ✗ ? and shows the scenario error", () => {
    expect(text).toContain("✓ app: 2 app(s) FINISHED/SUCCEEDED in the RM");
    expect(text).toContain("✗ records:");
    expect(text).toContain("? app: no application report");
    expect(text).toContain("! cluster <rm> failed & stopped");
  });

  it("ends with the summary line", () => {
    expect(text.split("\n").at(-1)).toBe("1 passed, 1 failed, 1 unknown");
  });

  it("says when the run was interrupted", () => {
    const t = renderConsoleTable({ ...sampleRun(), interrupted: true }, false);
    expect(t.split("\n").at(-1)).toBe("1 passed, 1 failed, 1 unknown (interrupted)");
  });

  it("has no colour codes when colour is off", () => {
    expect(text).not.toMatch(/\u001b\[/);
  });
});

describe("writeRunReports / pointLatest", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempArtifacts = (): string => {
    const d = mkdtempSync(join(tmpdir(), "shieldlab-report-"));
    dirs.push(d);
    return d;
  };

  it("writes results.json that parses back and junit.xml, leaving no temp files", () => {
    const artifacts = tempArtifacts();
    const runDir = join(artifacts, "20261122-120000-abcdef");
    const r = sampleRun();
    writeRunReports(runDir, r);
    expect(JSON.parse(readFileSync(join(runDir, "results.json"), "utf8"))).toEqual({ schemaVersion: 1, ...r, findings: findingsRecord(r) });
    expect(JSON.parse(readFileSync(join(runDir, "results.json"), "utf8")).scenarios[0].finding).toEqual({ kind: "baseline", evidence: "app" });
    expect(readFileSync(join(runDir, "junit.xml"), "utf8")).toBe(renderJunit(r));
    expect(readdirSync(runDir).sort()).toEqual(["junit.xml", "report.html", "results.json"]);
  });

  it("keeps generated secrets out of the reports and out of each finished scenario's folder; pcaps stay as recorded", () => {
    const runDir = join(tempArtifacts(), "run-secrets");
    const reg = new SecretRegistry("report-test");
    const pw = reg.generate("keystore-password");
    const r = sampleRun();
    r.scenarios[2]!.error = `keytool failed: -storepass ${pw}`;
    const sdir = join(runDir, "cluster/pi-deploy-modes");
    mkdirSync(join(sdir, "pcaps"), { recursive: true });
    writeFileSync(join(sdir, "history.json"), JSON.stringify([{ value: { command: ["--conf", `spark.ssl.rpc.keyPassword=${pw}`] } }]));
    writeFileSync(join(sdir, "pcaps", "nm-1.pcap"), `startContainers _SPARK_SSL_RPC_KEY_PASSWORD ${pw}`);
    expect(findSecretsInArtifacts(runDir, reg.list())).toHaveLength(1);
    writeRunReports(runDir, r);
    expect(findSecretsInArtifacts(runDir, reg.list())).toEqual([]);
    expect(readFileSync(join(runDir, "results.json"), "utf8")).toContain("-storepass [redacted:keystore-password sha256=");
    expect(readFileSync(join(sdir, "pcaps", "nm-1.pcap"), "utf8")).toContain(pw);
  });

  it("overwrites reports of the same run", () => {
    const runDir = join(tempArtifacts(), "run-1");
    writeRunReports(runDir, sampleRun());
    const r2 = { ...sampleRun(), scenarios: [] };
    writeRunReports(runDir, r2);
    expect(JSON.parse(readFileSync(join(runDir, "results.json"), "utf8")).scenarios).toEqual([]);
    expect(readFileSync(join(runDir, "junit.xml"), "utf8")).toContain('tests="0"');
  });

  it("points latest at the run folder with a relative link, and moves it to the next run", () => {
    const artifacts = tempArtifacts();
    const run1 = join(artifacts, "20261122-120000-aaaaaa");
    const run2 = join(artifacts, "20261122-130000-bbbbbb");
    writeRunReports(run1, sampleRun());
    writeRunReports(run2, { ...sampleRun(), runId: "20261122-130000-bbbbbb" });
    const latest = join(artifacts, "latest");

    pointLatest(run1);
    expect(lstatSync(latest).isSymbolicLink()).toBe(true);
    expect(readlinkSync(latest)).toBe("20261122-120000-aaaaaa");
    expect(realpathSync(latest)).toBe(realpathSync(run1));

    pointLatest(run2);
    expect(readlinkSync(latest)).toBe("20261122-130000-bbbbbb");
    expect(JSON.parse(readFileSync(join(latest, "results.json"), "utf8")).runId).toBe("20261122-130000-bbbbbb");
    // no temp link left behind
    expect(existsSync(`${latest}.tmp-${process.pid}`)).toBe(false);
  });
});
