import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { fixturesDir } from "../util/paths.ts";
import { loadTargetFile, targetProblems, tenantUser } from "./target-file.ts";

const fx = (f: string): string => join(fixturesDir, "target", f);

/** The INVALID_INPUT message of loading `f` (fails the test when it loads). */
function problemsOf(f: string): string {
  try {
    loadTargetFile(fx(f));
  } catch (e) {
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    return (e as Error).message;
  }
  throw new Error(`${f} loaded`);
}

describe("target file", () => {
  it("loads a simple-auth YAML file, resolving paths against its folder and lists to one-element arrays", () => {
    const t = loadTargetFile(fx("good-simple.yaml"));
    expect(t.name).toBe("staging-simple");
    expect(t.resourceManager.web).toEqual(["http://rm1.staging.example:8088"]);
    expect(t.resourceManager.rpc).toEqual(["rm1.staging.example:8032"]);
    expect(t.hadoopConfDir).toBe(fx("conf"));
    expect(t.spark).toEqual({ sparkHome: fx("spark") });
    expect(t.security.mode).toBe("simple");
    expect(tenantUser(t, "alice")).toBe("alice");
    expect(t.nodes).toBeUndefined();
  });

  it("loads a Kerberized HA pair with the gateway image and node access", () => {
    const t = loadTargetFile(fx("good-kerberos.yaml"));
    expect(t.resourceManager.web).toHaveLength(2);
    if (t.security.mode !== "kerberos") throw new Error("kerberos expected");
    expect(t.security.admin.keytab).toBe(fx("keytabs/admin.keytab"));
    expect(t.security.tenants.bob!.principal).toBe("bob@STAGING.EXAMPLE");
    expect(t.spark).toEqual({ gatewayImage: { network: "staging-net" } });
    expect(t.nodes!["nm-1"]).toMatchObject({ port: 22, roles: ["nodemanager"], key: fx("ssh/id_test") });
    expect(t.nodes!["nm-2"]!.port).toBe(2222);
  });

  it("loads JSON too", () => {
    expect(loadTargetFile(fx("good-simple.json")).tenants.alice!.queue).toBe("root.alice");
  });

  it("lists every shape problem of a file in one error, each with its key path and what would be right", () => {
    const m = problemsOf("bad-shape.yaml");
    expect(m).toMatch(/invalid target file .*bad-shape\.yaml: \d+ problems:/);
    expect(m).toMatch(/name: a lower-case name/);
    expect(m).toMatch(/resourceManager\.web\.0: http\(s\):\/\/host:port/);
    expect(m).toMatch(/resourceManager\.rpc\.0: host:port/);
    expect(m).toMatch(/security\.realm: the Kerberos realm in upper case/);
    expect(m).toMatch(/security\.admin\.principal: a full principal/);
    expect(m).toMatch(/tenants\.alice: unknown key\(s\) "shell"/);
    expect(m).toMatch(/spark: give exactly one of sparkHome .* or gatewayImage/);
  });

  it("lists what does not fit together: identities per tenant, realms, one RPC address per web address", () => {
    const m = problemsOf("bad-identities.yaml");
    expect(m).toMatch(/resourceManager\.rpc: list one RPC address per web address \(2 web, 1 rpc\)/);
    expect(m).toMatch(/security\.tenants\.bob: tenant bob has no principal and keytab/);
    expect(m).toMatch(/security\.tenants\.carol: carol is not a tenant/);
    expect(m).toMatch(/security\.admin\.principal: the principal's realm OTHER\.EXAMPLE is not security\.realm STAGING\.EXAMPLE/);
  });

  it("lists every missing file once the shape is right", () => {
    const m = problemsOf("bad-files.yaml");
    expect(m).toMatch(/4 problems/);
    expect(m).toMatch(/hadoopConfDir: .*no-such-conf is not a folder/);
    expect(m).toMatch(/spark\.sparkHome: \/no\/such\/spark\/bin\/spark-submit is not there/);
    expect(m).toMatch(/security\.admin\.keytab: the keytab .*missing-admin\.keytab is not there/);
    expect(m).toMatch(/nodes\.nm-1\.key: the SSH key .*ssh\/missing is not there/);
  });

  it("says where YAML syntax breaks, and names a file it cannot read", () => {
    expect(problemsOf("bad-syntax.yaml")).toMatch(/bad-syntax\.yaml: not YAML/);
    expect(problemsOf("no-such-target.yaml")).toMatch(/cannot read the file \(ENOENT\)/);
  });

  it("checks files through the injected file system (no disk needed)", () => {
    const value = { name: "x", resourceManager: { web: "http://rm:8088", rpc: "rm:8032" }, hadoopConfDir: "/c", security: { mode: "simple" }, tenants: { alice: { queue: "a" } }, spark: { gatewayImage: { network: "n" } } };
    expect(targetProblems(value, "/", { isDir: () => true, isFile: () => true }).problems).toEqual([]);
    expect(targetProblems(value, "/", { isDir: () => true, isFile: () => false }).problems).toEqual(["hadoopConfDir: /c has no yarn-site.xml: copy the cluster's client configuration there"]);
    expect(targetProblems({ ...value, tenants: {} }, "/").problems).toEqual(["tenants: name at least one tenant: tenants: { alice: { queue: alice } }"]);
  });
});
