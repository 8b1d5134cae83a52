// The gateway's files, names, topology, profile and spark-defaults come from the target file and what the RM says.
import { describe, expect, it } from "vitest";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseConfXml } from "../audit/conf-dump.ts";
import { loadTargetFile } from "./target-file.ts";
import { targetFacts } from "./target-facts.ts";
import { gatewayFiles, gatewayTenantProblems, targetHosts, targetProfile, targetSparkDefaults, targetTopology } from "./target-gateway-plan.ts";

const krb = loadTargetFile("fixtures/target/good-kerberos.yaml");
const simple = loadTargetFile("fixtures/target/good-simple.yaml");
const conf = (props: Record<string, string>) => parseConfXml(`<configuration>${Object.entries(props).map(([k, v]) => `<property><name>${k}</name><value>${v}</value></property>`).join("")}</configuration>`);

describe("the gateway on a target", () => {
  it("is named on the target's network, and the RM by the file's web address", () => {
    expect(targetHosts(krb, "20260101-000000-abcdef")).toEqual({ prefix: "shieldlab-abcdef", domain: "staging-net", rm: "rm1.staging.example", gateway: "shieldlab-abcdef-gateway.staging-net" });
    expect(() => targetHosts(simple, "x-abcdef")).toThrow(/needs spark.gatewayImage/);
  });

  it("gets the client conf, krb5.conf for the target's realm, the admin's keytab (root) and each tenant's (its own)", () => {
    const files = gatewayFiles(krb, () => ({ "yarn-site.xml": Buffer.from("<configuration/>") }), (p) => Buffer.from(`bytes of ${p}`));
    expect(files.map((f) => f.target)).toEqual(["/etc/hadoop/conf/yarn-site.xml", "/etc/krb5.conf", "/etc/security/keytabs/harness.keytab", "/home/alice/alice.keytab", "/home/bob/bob.keytab"]);
    expect(String(files[1]!.content)).toMatch(/kdc = kdc\.staging\.example:88/);
    expect(files[2]).toMatchObject({ mode: 0o400 });
    expect(files[2]!.owner).toBeUndefined();
    expect(files[3]).toMatchObject({ mode: 0o400, owner: "alice" });
  });

  it("wants tenants named after the image's OS users", () => {
    expect(gatewayTenantProblems(simple, ["alice", "bob"])).toEqual([]);
    expect(gatewayTenantProblems(simple, ["alice"])).toEqual([expect.stringMatching(/^tenants\.bob: the gateway image has the OS users alice/)]);
    expect(gatewayTenantProblems({ ...simple, tenants: { alice: { user: "svc", queue: "q" } } }, ["alice"])).toEqual([expect.stringMatching(/tenants\.alice\.user/)]);
  });

  it("sees the target's queues, NodeManagers and security as they are", () => {
    const t = targetTopology(krb, 3);
    expect(t.nodeManagers).toBe(3);
    expect(t.queues).toEqual([{ name: "alice", submit: ["alice"], administer: ["alice"] }, { name: "bob", submit: ["bob"], administer: ["bob"] }]);
    const facts = targetFacts(krb, {
      rmConf: conf({ "yarn.acl.enable": "true", "hadoop.rpc.protection": "privacy", "hadoop.http.authentication.type": "kerberos", "hadoop.proxyuser.alice.users": "bob" }),
      scheduler: conf({ "yarn.scheduler.capacity.root.queues": "alice,bob", "yarn.scheduler.capacity.root.alice.acl_submit_applications": "alice" }),
      runningNodeManagers: 3,
    });
    expect(facts).toMatchObject({ yarnAcls: true, rpcProtection: ["privacy"], spnego: true, proxyUsers: { alice: ["bob"] }, queues: { alice: { submit: "alice" }, bob: {} }, capabilities: { container: true, node: true, kerberos: true } });
    const p = targetProfile(krb, facts);
    expect(p).toMatchObject({ name: "target:staging-krb", yarnAcls: true, kerberos: { rpcProtection: "privacy", spnego: true, proxyUsers: { alice: ["bob"] } } });
  });

  it("says what it could not read", () => {
    const f = targetFacts(simple, { rmConf: { error: "HTTP 401" }, scheduler: { error: "no file" }, runningNodeManagers: 2 });
    expect(f.yarnAcls).toBeUndefined();
    expect(f.queues).toBeUndefined();
    expect(f.unread).toMatch(/the RM's \/conf: HTTP 401; capacity-scheduler\.xml: no file/);
    expect(f.capabilities).toEqual({ container: true, node: false, kerberos: false });
  });

  it("writes the target's spark-defaults with the scenario's Spark security settings in place of its own", () => {
    const text = targetSparkDefaults("spark.master yarn\nspark.authenticate false\nspark.yarn.jars local:/opt/spark/jars/*\n", resolveProfile("auth-gcm"));
    expect(text).toMatch(/^spark\.master yarn\nspark\.yarn\.jars local:\/opt\/spark\/jars\/\*\n/);
    expect(text.match(/spark\.authenticate /g)).toHaveLength(1);
    expect(text).toMatch(/spark\.authenticate true/);
    expect(text).toMatch(/spark\.network\.crypto\.cipher AES\/GCM\/NoPadding/);
    expect(targetSparkDefaults(undefined, resolveProfile("plain"))).toMatch(/^spark\.master yarn\n/);
  });
});
