import { describe, expect, it } from "vitest";
import { resolveProfile } from "./security-profile.ts";
import { RMADMIN_CCACHE, rmAdminCommand } from "./rm-admin.ts";

const hosts = { prefix: "p", domain: "d", rm: "p-rm.d", gateway: "p-gateway.d" };

describe("rmAdminCommand", () => {
  it("runs as the yarn admin under simple auth, with the daemons' JVM flags and the jars first", () => {
    const c = rmAdminCommand({ profile: resolveProfile("plain"), hosts }, ["-refreshQueues"]);
    expect(c.node).toBe("rm");
    expect(c.env).toEqual({ HADOOP_USER_NAME: "yarn" });
    expect(c.cmd[2]).toMatch(/^cd \/tmp && java .*-XX:SharedArchiveFile=\/opt\/hadoop\/cds\/yarn\.jsa .*-cp "\/opt\/hadoop\/lib\/\*:\$HADOOP_CONF_DIR" org\.apache\.hadoop\.yarn\.client\.cli\.RMAdminCLI '-refreshQueues'$/);
    expect(c.cmd[2]).not.toContain("kinit");
  });

  it("in secure mode logs in as the RM's own principal into its own cache, keeping a ticket it already has", () => {
    const c = rmAdminCommand({ profile: resolveProfile({ profile: "plain", kerberos: {} }), hosts }, ["-refreshSuperUserGroupsConfiguration"]);
    expect(c.env).toEqual({ KRB5CCNAME: RMADMIN_CCACHE });
    expect(c.cmd[2]).toContain(`klist -s 2>/dev/null || kinit -kt '/etc/security/keytabs/node.keytab' 'rm/p-rm.d@SHIELDLAB.TEST' && java`);
  });

  it("runs as a tenant on another node for an attack, quoting its arguments", () => {
    const c = rmAdminCommand({ profile: resolveProfile({ profile: "plain", kerberos: {} }), hosts }, ["-replaceLabelsOnNode", "h=it's"], { node: "gateway", user: "bob" });
    expect(c).toMatchObject({ node: "gateway", user: "bob", env: { HADOOP_USER_NAME: "bob", HOME: "/home/bob" } });
    expect(c.cmd[2]).not.toContain("kinit");
    expect(c.cmd[2]).toContain(`'-replaceLabelsOnNode' 'h=it'\\''s'`);
  });
});
