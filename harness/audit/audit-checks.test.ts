import { describe, expect, it } from "vitest";
import { resolveProfile } from "../cluster/security-profile.ts";
import { confOf } from "./conf-dump.ts";
import type { AuditInput } from "./audit-input.ts";
import { CHECKS, runChecks } from "./audit-checks.ts";
import { renderedAuditInput } from "./rendered-posture.ts";

const base = (): AuditInput => renderedAuditInput(resolveProfile("acls"), { spark: "4.0.5", hadoop: "3.4.3" });
const verdictOf = (input: AuditInput, id: string) => runChecks(input).find((r) => r.id === id)!;
const withRm = (input: AuditInput, extra: Record<string, string>): AuditInput => {
  const conf = new Map(input.resourceManagers[0]!.conf!);
  for (const [k, v] of Object.entries(extra)) conf.set(k, { value: v, source: "core-site.xml" });
  return { ...input, resourceManagers: [{ ...input.resourceManagers[0]!, conf }] };
};

describe("posture checks", () => {
  it("every check has an id, why and fix, and ids are unique", () => {
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    for (const c of CHECKS) expect(c.why.length > 20 && c.fix.length > 5, c.id).toBe(true);
  });

  it("no /conf from any RM: the RM checks are unknown with each RM's reason, never a pass", () => {
    const input: AuditInput = { ...base(), resourceManagers: [{ name: "rm", url: "http://rm:8088", error: "HTTP 401" }, { name: "rm2", url: "http://rm2:8088", error: "ECONNREFUSED" }] };
    const r = verdictOf(input, "auth");
    expect(r).toMatchObject({ verdict: "unknown", message: "no ResourceManager /conf was read (rm: HTTP 401; rm2: ECONNREFUSED)" });
    expect(verdictOf(input, "yarn-acl").verdict).toBe("unknown");
  });

  it("queue ACLs: root closed but a leaf open to everyone warns; no scheduler settings is unknown", () => {
    const input = base();
    if ("missing" in input.scheduler) throw new Error("scheduler expected");
    const conf = new Map(input.scheduler.value);
    conf.set("yarn.scheduler.capacity.root.bob.acl_submit_applications", { value: "*" });
    const r = verdictOf({ ...input, scheduler: { value: conf, from: "capacity-scheduler.xml" } }, "queue-acls");
    expect(r).toMatchObject({ verdict: "warn", message: "open to everyone: root.bob.acl_submit_applications" });
    conf.delete("yarn.scheduler.capacity.root.acl_submit_applications");
    expect(verdictOf({ ...input, scheduler: { value: conf, from: "x" } }, "queue-acls")).toMatchObject({ verdict: "fail", value: expect.stringContaining("root.acl_submit_applications=(default) *") });
    expect(verdictOf({ ...input, scheduler: { missing: "no scheduler-conf (HTTP 400) and no capacity-scheduler.xml" } }, "queue-acls").verdict).toBe("unknown");
  });

  it("proxy users: * in users or groups fails, * in hosts only warns", () => {
    expect(verdictOf(withRm(base(), { "hadoop.proxyuser.livy.hosts": "gw1", "hadoop.proxyuser.livy.groups": "*" }), "proxy-users")).toMatchObject({ verdict: "fail", message: "may impersonate anyone: hadoop.proxyuser.livy.groups" });
    expect(verdictOf(withRm(base(), { "hadoop.proxyuser.livy.hosts": "*", "hadoop.proxyuser.livy.users": "john" }), "proxy-users").verdict).toBe("warn");
  });

  it("web: HTTPS with TLSv1 allowed warns; SPNEGO off with anonymous refused warns", () => {
    expect(verdictOf(withRm(base(), { "yarn.http.policy": "HTTPS_ONLY", "hadoop.ssl.enabled.protocols": "TLSv1,TLSv1.2" }), "web-tls")).toMatchObject({ verdict: "warn", message: expect.stringMatching(/allows TLSv1$/) });
    expect(verdictOf(withRm(base(), { "hadoop.http.authentication.simple.anonymous.allowed": "false" }), "web-auth").verdict).toBe("warn");
  });

  it("container executor: judged per NodeManager, the worst wins, with a line per node", () => {
    const input = base();
    const lce = confOf([["yarn.nodemanager.container-executor.class", "org.apache.hadoop.yarn.server.nodemanager.LinuxContainerExecutor"]], "yarn-site.xml");
    const r = verdictOf({ ...input, nodeManagers: [{ name: "nm-1", url: "u", conf: lce }, input.nodeManagers[1]!] }, "container-executor");
    expect(r.verdict).toBe("fail");
    expect(r.details).toEqual([expect.stringMatching(/^nm-1: .*LinuxContainerExecutor" → PASS$/), expect.stringMatching(/^nm-2: .*DefaultContainerExecutor" → FAIL$/)]);
    expect(verdictOf({ ...input, nodeManagers: [{ name: "nm-1", url: "u", conf: lce }] }, "container-executor").verdict).toBe("pass");
  });

  it("NM dirs: world-writable fails, world-readable warns, 750 passes", () => {
    const dirs = (mode: string) => ({ ...base(), nmDirs: { value: [{ node: "nm-1", key: "yarn.nodemanager.local-dirs", path: "/d", mode, owner: "yarn", group: "yarn" }], from: "ssh" } });
    expect(verdictOf(dirs("777"), "nm-dirs").verdict).toBe("fail");
    expect(verdictOf(dirs("1777"), "nm-dirs").verdict).toBe("warn");
    expect(verdictOf(dirs("755"), "nm-dirs").verdict).toBe("warn");
    expect(verdictOf(dirs("750"), "nm-dirs")).toMatchObject({ verdict: "pass", details: ["nm-1 yarn.nodemanager.local-dirs /d: 750 yarn:yarn → PASS"] });
  });

  it("the CVEs the harness replays, by version and setting, each FAIL naming its scenario", () => {
    const on = (spark: string, hadoop: string, extra: Record<string, string> = {}): AuditInput => {
      const i = renderedAuditInput(resolveProfile("acls"), { spark, hadoop });
      if ("missing" in i.sparkDefaults) throw new Error("spark-defaults expected");
      const conf = new Map(i.sparkDefaults.value);
      for (const [k, v] of Object.entries(extra)) conf.set(k, { value: v });
      return { ...i, sparkDefaults: { value: conf, from: "spark-defaults.conf" } };
    };
    expect(verdictOf(on("3.2.1", "3.4.3"), "cve-2022-33891")).toMatchObject({ verdict: "fail", scenario: "cve/cve-2022-33891" }); // acls profile: spark.acls.enable=true
    expect(verdictOf(on("3.2.1", "3.4.3", { "spark.acls.enable": "false" }), "cve-2022-33891").verdict).toBe("warn");
    expect(verdictOf(on("3.2.2", "3.4.3"), "cve-2022-33891").verdict).toBe("pass");
    expect(verdictOf(on("3.3.4", "3.4.3"), "cve-2023-22946")).toMatchObject({ verdict: "fail", scenario: "cve/cve-2023-22946" });
    expect(verdictOf(on("3.3.4", "3.4.3", { "spark.submit.proxyUser.allowCustomClasspathInClusterMode": "false" }), "cve-2023-22946").verdict).toBe("pass");
    expect(verdictOf(on("3.5.1", "3.3.6"), "cve-2024-23454")).toMatchObject({ verdict: "fail", value: "3.3.6", scenario: "cve/cve-2024-23454" });
    expect(verdictOf(on("3.5.1", "3.4.3", { "spark.network.crypto.enabled": "true" }), "cve-2025-55039")).toMatchObject({ verdict: "fail", scenario: "cve/cve-2025-55039-spark-3-5" });
    const noVersion = { ...on("3.5.1", "3.4.3"), sparkVersion: { missing: "gatewayImage target without a pinned spark" } };
    expect(verdictOf(noVersion, "cve-2022-33891")).toMatchObject({ verdict: "unknown", message: expect.stringMatching(/Spark release is not known/) });
  });

  it("a check that throws is unknown, not a crash of the audit", () => {
    const input = base();
    const broken = { ...input, nodeManagers: null as never };
    expect(verdictOf(broken, "container-executor")).toMatchObject({ verdict: "unknown", message: expect.stringMatching(/^the check failed/) });
  });
});
