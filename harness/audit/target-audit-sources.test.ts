import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capacityScheduler, clusterHosts, coreSite, yarnSite } from "../cluster/cluster-config.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { loadTargetFile } from "../target/target-file.ts";
import { fixturesDir } from "../util/paths.ts";
import { runChecks } from "./audit-checks.ts";
import { gatherAuditInput } from "./audit-fetcher.ts";
import { confServletXml } from "./rendered-posture.ts";
import { sparkHomeVersion, targetAuditSources, targetKrb5Conf } from "./target-audit-sources.ts";
import { writeFileSync, mkdtempSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { renderHadoopXml } from "../cluster/hadoop-xml.ts";

const t = parseTopology({ nodeManagers: 1, tenants: ["alice"] }, "topology");
const p = resolveProfile("acls");
const conf = confServletXml({ "core-site.xml": coreSite(p), "yarn-site.xml": yarnSite(t, p, clusterHosts("target-test")) });

// a stand-in RM + NM on 127.0.0.1 answering as Hadoop's servlets do (the fetch path is real HTTP)
let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "";
    if (url === "/conf") return void res.writeHead(200, { "content-type": "text/xml" }).end(conf);
    if (url === "/ws/v1/cluster/info") return void res.writeHead(200).end(JSON.stringify({ clusterInfo: { state: "STARTED", haState: "ACTIVE", hadoopVersion: "3.3.6" } }));
    if (url === "/ws/v1/cluster/nodes") return void res.writeHead(200).end(JSON.stringify({ nodes: { node: [{ nodeHostName: "nm1", nodeHTTPAddress: new URL(base).host, state: "RUNNING" }] } }));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("target audit sources", () => {
  it("reads a simple-auth target over HTTP, its conf dir's capacity-scheduler.xml and its local Spark client", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-target-"));
    cpSync(join(fixturesDir, "target"), dir, { recursive: true });
    writeFileSync(join(dir, "conf", "capacity-scheduler.xml"), renderHadoopXml(capacityScheduler(t), "cs"));
    writeFileSync(join(dir, "t.yaml"), `name: local\nresourceManager: { web: "${base}", rpc: "127.0.0.1:8032" }\nhadoopConfDir: conf\nsecurity: { mode: simple }\ntenants: { alice: { queue: alice } }\nspark: { sparkHome: spark }\n`);
    const sources = targetAuditSources(loadTargetFile(join(dir, "t.yaml")));
    const input = await gatherAuditInput(sources);
    sources.dispose();
    expect(input.sparkVersion).toMatchObject({ value: "3.5.1" });
    expect(input.nmDirs).toEqual({ missing: "the target file gives no node access (nodes: with role nodemanager)" });
    const v = Object.fromEntries(runChecks(input).map((r) => [r.id, r.verdict]));
    expect(v).toMatchObject({ auth: "fail", "yarn-acl": "pass", "queue-acls": "pass", "spark-auth": "pass", "spark-network-crypto": "warn", "cve-2025-55039": "fail", "cve-2024-23454": "fail", "nm-dirs": "unknown" });
  });

  it("says what it cannot read with the gateway image", async () => {
    const s = targetAuditSources(loadTargetFile(join(fixturesDir, "target", "good-kerberos.yaml")));
    expect(await s.sparkDefaults()).toMatchObject({ missing: expect.stringMatching(/^spark\.gatewayImage/) });
    expect(await s.sparkVersion()).toMatchObject({ from: "the gateway image (images/manifest.json)" });
    expect(await s.schedulerFile!()).toMatchObject({ missing: expect.stringMatching(/capacity-scheduler\.xml is not there/) });
    s.dispose();
  });

  it("a krb5.conf that names the target's KDC, and Spark's release from a distribution", () => {
    expect(targetKrb5Conf("STAGING.EXAMPLE", "kdc.staging.example:88")).toContain("STAGING.EXAMPLE = {\n    kdc = kdc.staging.example:88\n  }");
    expect(sparkHomeVersion(join(fixturesDir, "target", "spark"))).toBe("3.5.1");
    expect(sparkHomeVersion("/nonexistent")).toBeUndefined();
  });
});
