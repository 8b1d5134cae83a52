import { describe, expect, it } from "vitest";
import { renderKdcConf, renderKrb5Conf } from "./krb5-config.ts";

const realm = { realm: "SHIELDLAB.TEST", kdcHost: "shieldlab-abcdef-kdc.shieldlab-s1", domain: "shieldlab-s1" };

/** The `key = value` lines of one [section] of a krb5 profile file (nested realm blocks flattened). */
function section(text: string, name: string): Map<string, string> {
  const body = text.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? "";
  const out = new Map<string, string>();
  for (const line of body.split("\n").slice(1)) {
    const m = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[2] !== "{") out.set(m[1]!, m[2]!);
  }
  return out;
}

describe("renderKrb5Conf", () => {
  it("names the realm's KDC explicitly (no DNS lookups), over TCP, with no reverse DNS", () => {
    const text = renderKrb5Conf(realm);
    const lib = section(text, "libdefaults");
    expect(lib.get("default_realm")).toBe("SHIELDLAB.TEST");
    expect(lib.get("dns_lookup_realm")).toBe("false");
    expect(lib.get("dns_lookup_kdc")).toBe("false");
    expect(lib.get("udp_preference_limit")).toBe("1");
    expect(lib.get("rdns")).toBe("false");
    expect(lib.get("ticket_lifetime")).toBe("1h");
    const realms = section(text, "realms");
    expect(realms.get("kdc")).toBe(realm.kdcHost);
    expect(realms.get("admin_server")).toBe(realm.kdcHost);
    expect(text).toMatch(/^ {2}SHIELDLAB\.TEST = \{$/m);
  });

  it("maps the cluster's domain and every host in it to the realm", () => {
    const map = section(renderKrb5Conf(realm), "domain_realm");
    expect(map.get(".shieldlab-s1")).toBe("SHIELDLAB.TEST");
    expect(map.get("shieldlab-s1")).toBe("SHIELDLAB.TEST");
  });

  it("uses the realm's max life for tickets when given", () => {
    expect(section(renderKrb5Conf({ ...realm, maxLife: "10m" }), "libdefaults").get("ticket_lifetime")).toBe("10m");
  });
});

describe("renderKdcConf", () => {
  it("listens on 88, keeps AES keys only, and logs every request to the console", () => {
    const text = renderKdcConf(realm);
    expect(section(text, "kdcdefaults").get("kdc_tcp_listen")).toBe("88");
    const r = section(text, "realms");
    expect(r.get("max_life")).toBe("1h");
    expect(r.get("master_key_type")).toBe("aes256-cts-hmac-sha1-96");
    expect(r.get("supported_enctypes")!.split(" ").every((e) => e.startsWith("aes"))).toBe(true);
    expect(section(text, "logging").get("kdc")).toBe("STDERR");
    expect(text).toMatch(/^ {2}SHIELDLAB\.TEST = \{$/m);
    expect(section(renderKdcConf({ ...realm, maxLife: "5m" }), "realms").get("max_life")).toBe("5m");
  });

  it("keeps its braces balanced (an unclosed realm block makes the KDC refuse to start)", () => {
    for (const text of [renderKdcConf(realm), renderKrb5Conf(realm)]) expect((text.match(/\{/g) ?? []).length).toBe((text.match(/\}/g) ?? []).length);
  });
});
