import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { parseConfDump, parseConfJson, parseConfXml, parseSparkDefaults } from "./conf-dump.ts";

// the shape Hadoop 3.3/3.4's ConfServlet writes (Configuration.writeXml): one <source> per resource that set the key
const SERVLET_XML = `<?xml version="1.0" encoding="UTF-8" standalone="no"?><configuration>
<property><name>yarn.acl.enable</name><value>true</value><final>false</final><source>yarn-default.xml</source><source>yarn-site.xml</source></property>
<property><name>yarn.scheduler.capacity.root.acl_submit_applications</name><value> </value><final>false</final><source>capacity-scheduler.xml</source></property>
<property><name>hadoop.security.auth_to_local</name><value>RULE:[2:$1@$0](rm@X\\.TEST)s/.*/yarn/&#10;DEFAULT</value><final>false</final><source>core-site.xml</source></property>
<property><name>yarn.admin.acl</name><value/><final>false</final><source>programmatically</source></property>
<property><name>a.b</name><value>x &lt;&amp;&gt; y</value></property>
</configuration>`;

describe("conf dump", () => {
  it("reads ConfServlet XML: values kept as they are (a space is an ACL), entities undone, the last source wins", () => {
    const c = parseConfXml(SERVLET_XML);
    expect(c.get("yarn.acl.enable")).toEqual({ value: "true", source: "yarn-site.xml" });
    expect(c.get("yarn.scheduler.capacity.root.acl_submit_applications")!.value).toBe(" ");
    expect(c.get("hadoop.security.auth_to_local")!.value).toBe("RULE:[2:$1@$0](rm@X\\.TEST)s/.*/yarn/\nDEFAULT");
    expect(c.get("yarn.admin.acl")).toEqual({ value: "", source: "programmatically" });
    expect(c.get("a.b")).toEqual({ value: "x <&> y" });
  });

  it("reads ConfServlet's ?format=json", () => {
    const c = parseConfJson(JSON.stringify({ properties: [{ key: "yarn.http.policy", value: "HTTPS_ONLY", isFinal: false, resource: "yarn-site.xml" }] }));
    expect(c.get("yarn.http.policy")).toEqual({ value: "HTTPS_ONLY", source: "yarn-site.xml" });
    expect(parseConfDump('{"properties":[]}', "x").size).toBe(0);
  });

  it("says what it got when the answer is no configuration (a login page, an error)", () => {
    try {
      parseConfDump("<html><body>Authentication required</body></html>", "rm /conf");
      throw new Error("parsed");
    } catch (e) {
      expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
      expect((e as Error).message).toMatch(/rm \/conf: not a Hadoop <configuration> document \(starts "<html>/);
    }
    expect(() => parseConfJson("{}", "rm /conf?format=json")).toThrow(/no "properties" array/);
  });

  it("reads spark-defaults.conf (space or = separated, comments)", () => {
    const c = parseSparkDefaults("# c\nspark.authenticate true\nspark.network.crypto.cipher=AES/GCM/NoPadding\n\nspark.x   a b\n");
    expect([...c].map(([k, v]) => [k, v.value])).toEqual([["spark.authenticate", "true"], ["spark.network.crypto.cipher", "AES/GCM/NoPadding"], ["spark.x", "a b"]]);
  });
});
