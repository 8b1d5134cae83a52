import { describe, expect, it } from "vitest";
import { clusterHosts, coreSite, renderClusterConfig, yarnSite } from "./cluster-config.ts";
import { parseHadoopXml } from "./hadoop-xml.ts";
import { HARNESS_KEYTAB, HARNESS_PRINCIPAL, KERBEROS_REALM, NODE_KEYTAB, keytabsFor, secureCoreSite, secureYarnSite, tenantCcache, tenantKeytab, tenantPrincipal } from "./secure-mode.ts";
import { KerberosSchema, resolveProfile } from "./security-profile.ts";
import { parseTopology } from "./topology.ts";

const users = ["alice", "bob", "john", "tim", "anna", "eva"];
const hosts = clusterHosts("20261122-000000-abcdef");
const fqdn = (node: string): string => `shieldlab-abcdef-${node}.shieldlab-20261122-000000-abcdef`;
const defaults = KerberosSchema.parse({});
const asMap = (props: ReadonlyArray<readonly [string, string | number | boolean]>): Map<string, string> => new Map(props.map(([k, v]) => [k, String(v)]));

/**
 * hadoop.security.auth_to_local as Hadoop's KerberosName applies it: the first rule whose component count matches and
 * whose regex matches the whole formatted name gives the sed result; DEFAULT maps the default realm to the first
 * component; no rule: undefined (Hadoop refuses the principal).
 */
function authToLocal(rules: string, principal: string): string | undefined {
  const [name, realm] = principal.split("@") as [string, string];
  const parts = name.split("/");
  for (const rule of rules.split("\n").map((r) => r.trim()).filter(Boolean)) {
    if (rule === "DEFAULT") {
      if (realm === KERBEROS_REALM) return parts[0];
      continue;
    }
    const m = /^RULE:\[(\d+):([^\]]*)\]\(([^)]*)\)s\/([^/]*)\/([^/]*)\/(g?)$/.exec(rule);
    if (!m) throw new Error(`not a rule Hadoop parses: ${rule}`);
    if (Number(m[1]) !== parts.length) continue;
    const base = m[2]!.replace(/\$(\d)/g, (_, d: string) => (d === "0" ? realm : (parts[Number(d) - 1] ?? "")));
    if (!new RegExp(`^(?:${m[3]})$`).test(base)) continue;
    return base.replace(new RegExp(m[4]!, m[6]), m[5]!);
  }
  return undefined;
}

describe("keytabsFor", () => {
  it("gives the RM and each NodeManager a service and an HTTP principal on its FQDN, the harness and each tenant their own", () => {
    const t = parseTopology({ nodeManagers: 2, tenants: ["alice", "bob", "alice"] }, "topology", users);
    const specs = keytabsFor(t, hosts);
    expect(specs).toEqual([
      { node: "rm", path: NODE_KEYTAB, principals: [`rm/${fqdn("rm")}@SHIELDLAB.TEST`, `HTTP/${fqdn("rm")}@SHIELDLAB.TEST`] },
      { node: "nm-1", path: NODE_KEYTAB, principals: [`nm/${fqdn("nm-1")}@SHIELDLAB.TEST`, `HTTP/${fqdn("nm-1")}@SHIELDLAB.TEST`] },
      { node: "nm-2", path: NODE_KEYTAB, principals: [`nm/${fqdn("nm-2")}@SHIELDLAB.TEST`, `HTTP/${fqdn("nm-2")}@SHIELDLAB.TEST`] },
      { node: "gateway", path: HARNESS_KEYTAB, principals: ["yarn@SHIELDLAB.TEST"] },
      // a tenant named twice gets one keytab, owned by its OS user in its home
      { node: "gateway", path: "/home/alice/alice.keytab", principals: ["alice@SHIELDLAB.TEST"], owner: "alice" },
      { node: "gateway", path: "/home/bob/bob.keytab", principals: ["bob@SHIELDLAB.TEST"], owner: "bob" },
    ]);
    // every principal exists once (kadmin's addprinc of a second copy fails)
    const all = specs.flatMap((s) => s.principals);
    expect(new Set(all).size).toBe(all.length);
    // only the tenants' keytabs have an owner other than root
    expect(specs.filter((s) => s.owner).map((s) => s.owner)).toEqual(["alice", "bob"]);
  });

  it("names each tenant's keytab, ticket cache and principal after the tenant", () => {
    expect(tenantKeytab("tim")).toBe("/home/tim/tim.keytab");
    expect(tenantCcache("tim")).toBe("/home/tim/.krb5cc-shieldlab");
    expect(tenantPrincipal("tim")).toBe(`tim@${KERBEROS_REALM}`);
    expect(HARNESS_PRINCIPAL).toBe("yarn@SHIELDLAB.TEST");
  });
});

describe("secureCoreSite", () => {
  it("turns on Kerberos, service authorization and the chosen RPC protection; SPNEGO on the web UIs by default", () => {
    const core = asMap(secureCoreSite(defaults));
    expect(core.get("hadoop.security.authentication")).toBe("kerberos");
    expect(core.get("hadoop.security.authorization")).toBe("true");
    expect(core.get("hadoop.rpc.protection")).toBe("authentication");
    expect(core.get("hadoop.http.filter.initializers")).toBe("org.apache.hadoop.security.AuthenticationFilterInitializer");
    expect(core.get("hadoop.http.authentication.type")).toBe("kerberos");
    expect(core.get("hadoop.http.authentication.simple.anonymous.allowed")).toBe("false");
    expect(core.get("hadoop.http.authentication.kerberos.principal")).toBe("HTTP/_HOST@SHIELDLAB.TEST");
    expect(core.get("hadoop.http.authentication.kerberos.keytab")).toBe(NODE_KEYTAB);
    expect(asMap(secureCoreSite({ ...defaults, rpcProtection: "privacy" })).get("hadoop.rpc.protection")).toBe("privacy");
  });

  it("leaves the web UIs without SPNEGO when spnego is false", () => {
    const core = asMap(secureCoreSite({ ...defaults, spnego: false }));
    expect(core.get("hadoop.security.authentication")).toBe("kerberos");
    expect([...core.keys()].filter((k) => k.startsWith("hadoop.http."))).toEqual([]);
  });

  it("grants each proxy user the users it may act for, from any host", () => {
    const core = asMap(secureCoreSite(KerberosSchema.parse({ proxyUsers: { alice: ["bob", "eva"] } })));
    expect(core.get("hadoop.proxyuser.alice.hosts")).toBe("*");
    expect(core.get("hadoop.proxyuser.alice.users")).toBe("bob,eva");
    expect([...core.keys()].filter((k) => k.startsWith("hadoop.proxyuser.")).length).toBe(2);
    expect([...asMap(secureCoreSite(defaults)).keys()].some((k) => k.startsWith("hadoop.proxyuser."))).toBe(false);
  });

  it("auth_to_local: the daemons' service principals act as yarn, tenants as themselves, other realms as nobody", () => {
    const rules = asMap(secureCoreSite(defaults)).get("hadoop.security.auth_to_local")!;
    expect(authToLocal(rules, `rm/${fqdn("rm")}@SHIELDLAB.TEST`)).toBe("yarn");
    expect(authToLocal(rules, `nm/${fqdn("nm-1")}@SHIELDLAB.TEST`)).toBe("yarn");
    expect(authToLocal(rules, `HTTP/${fqdn("nm-1")}@SHIELDLAB.TEST`)).toBe("yarn");
    expect(authToLocal(rules, "yarn@SHIELDLAB.TEST")).toBe("yarn");
    expect(authToLocal(rules, "alice@SHIELDLAB.TEST")).toBe("alice");
    // a one-part principal named like a service is that user, not yarn
    expect(authToLocal(rules, "rm@SHIELDLAB.TEST")).toBe("rm");
    // another realm maps to nobody, also a look-alike one (the realm's dots are escaped in the rules)
    expect(authToLocal(rules, `rm/${fqdn("rm")}@EVIL.TEST`)).toBeUndefined();
    expect(authToLocal(rules, `rm/${fqdn("rm")}@SHIELDLABxTEST`)).toBeUndefined();
    expect(authToLocal(rules, "alice@EVIL.TEST")).toBeUndefined();
  });
});

describe("secureYarnSite", () => {
  it("gives the RM and NMs their principals on _HOST and the node keytab; SPNEGO principals only with spnego", () => {
    const yarn = asMap(secureYarnSite(defaults));
    expect(yarn.get("yarn.resourcemanager.principal")).toBe("rm/_HOST@SHIELDLAB.TEST");
    expect(yarn.get("yarn.resourcemanager.keytab")).toBe(NODE_KEYTAB);
    expect(yarn.get("yarn.nodemanager.principal")).toBe("nm/_HOST@SHIELDLAB.TEST");
    expect(yarn.get("yarn.nodemanager.keytab")).toBe(NODE_KEYTAB);
    expect(yarn.get("yarn.resourcemanager.webapp.spnego-principal")).toBe("HTTP/_HOST@SHIELDLAB.TEST");
    expect(yarn.get("yarn.resourcemanager.webapp.spnego-keytab-file")).toBe(NODE_KEYTAB);
    expect(yarn.get("yarn.nodemanager.webapp.spnego-principal")).toBe("HTTP/_HOST@SHIELDLAB.TEST");
    expect(yarn.get("yarn.nodemanager.webapp.spnego-keytab-file")).toBe(NODE_KEYTAB);
    expect([...asMap(secureYarnSite({ ...defaults, spnego: false })).keys()].some((k) => k.includes("spnego"))).toBe(false);
  });
});

describe("the rendered config of a Kerberized profile", () => {
  const t = parseTopology({ nodeManagers: 2, tenants: ["alice", "bob"] }, "topology", users);

  it("core-site and yarn-site carry the secure entries; a profile without kerberos stays on simple auth", () => {
    const krb = resolveProfile({ profile: "acls", kerberos: { rpcProtection: "integrity" } });
    const files = renderClusterConfig(t, krb, hosts).hadoop;
    const core = parseHadoopXml(files["core-site.xml"]!);
    expect(core.get("hadoop.security.authentication")).toBe("kerberos");
    expect(core.get("hadoop.rpc.protection")).toBe("integrity");
    // the rules survive the XML round trip line by line
    expect(core.get("hadoop.security.auth_to_local")).toBe(asMap(secureCoreSite(krb.kerberos!)).get("hadoop.security.auth_to_local"));
    const yarn = parseHadoopXml(files["yarn-site.xml"]!);
    expect(yarn.get("yarn.resourcemanager.principal")).toBe("rm/_HOST@SHIELDLAB.TEST");
    expect(yarn.get("yarn.acl.enable")).toBe("true");
    expect(yarn.get("yarn.resourcemanager.hostname")).toBe(fqdn("rm"));

    const plain = resolveProfile("acls");
    expect(asMap(coreSite(plain)).get("hadoop.security.authentication")).toBe("simple");
    expect(asMap(coreSite()).get("hadoop.security.authentication")).toBe("simple");
    expect([...asMap(coreSite(plain)).keys()].some((k) => k.startsWith("hadoop.http.") || k === "hadoop.rpc.protection")).toBe(false);
    expect([...asMap(yarnSite(t, plain, hosts)).keys()].some((k) => k.endsWith(".principal") || k.endsWith(".keytab"))).toBe(false);
  });

  it("names each key once in core-site and yarn-site", () => {
    const krb = resolveProfile({ profile: "acls", kerberos: { proxyUsers: { alice: ["bob"] } } });
    for (const props of [coreSite(krb), yarnSite(t, krb, hosts)]) {
      const keys = props.map(([k]) => k);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    }
  });
});
