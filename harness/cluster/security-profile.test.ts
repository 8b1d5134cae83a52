import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { NAMED_PROFILES, PROFILE_NAMES, resolveProfile } from "./security-profile.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

const errorOf = (fn: () => unknown): Error => thrownHarnessError(fn);

describe("resolveProfile", () => {
  it("knows exactly the nine named profiles", () => {
    expect(PROFILE_NAMES).toEqual(["plain", "auth", "auth-ctr", "auth-gcm", "auth-aes", "sasl", "tls-rpc", "ui-tls", "io-enc", "acls"]);
  });

  it.each(PROFILE_NAMES)("resolves the named profile %s and keeps its name", (name) => {
    const p = resolveProfile(name);
    expect(p.name).toBe(name);
    // every setting the named profile sets comes through; the rest take their defaults
    expect(p).toMatchObject(NAMED_PROFILES[name]);
    expect(Object.keys(p).sort()).toEqual(["ioEncryption", "name", "networkCrypto", "rpcTls", "saslEncryption", "sparkAuth", "uiTls", "yarnAcls"]);
  });

  it("defaults to plain: everything off", () => {
    expect(resolveProfile()).toEqual({
      name: "plain",
      sparkAuth: false,
      networkCrypto: "off",
      saslEncryption: false,
      rpcTls: false,
      uiTls: false,
      ioEncryption: false,
      yarnAcls: false,
    });
  });

  it("refuses TLS for RPC together with SASL encryption, saying why", () => {
    expect(() => resolveProfile({ profile: "sasl", rpcTls: true })).toThrow(/rpcTls: TLS for RPC and SASL encryption are exclusive/);
  });

  it("resolves auth-gcm to authenticated AES/GCM", () => {
    const p = resolveProfile("auth-gcm");
    expect(p.sparkAuth).toBe(true);
    expect(p.networkCrypto).toBe("aes-gcm");
    expect(p.ioEncryption).toBe(false);
  });

  it("applies an override and names it after the profile plus the overridden keys", () => {
    const p = resolveProfile({ profile: "auth", ioEncryption: true });
    expect(p.sparkAuth).toBe(true);
    expect(p.ioEncryption).toBe(true);
    expect(p.networkCrypto).toBe("off");
    expect(p.name).toBe("auth+ioEncryption");
  });

  it("sorts several overridden keys in the name", () => {
    const p = resolveProfile({ profile: "auth", yarnAcls: true, networkCrypto: "aes-gcm" });
    expect(p.name).toBe("auth+networkCrypto+yarnAcls");
    expect(p.networkCrypto).toBe("aes-gcm");
    expect(p.yarnAcls).toBe(true);
  });

  it("an object without overrides is just the named profile; without profile it is plain", () => {
    expect(resolveProfile({ profile: "sasl" }).name).toBe("sasl");
    expect(resolveProfile({}).name).toBe("plain");
    expect(resolveProfile({ sparkAuth: true }).name).toBe("plain+sparkAuth");
  });

  it("refuses network crypto without sparkAuth and says why", () => {
    const e = errorOf(() => resolveProfile({ profile: "plain", networkCrypto: "aes-gcm" }));
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(e.message).toContain("security.networkCrypto");
    expect(e.message).toContain("needs sparkAuth");
    expect(e.message).toContain("profile plain");
  });

  it("refuses an override that turns sparkAuth off under encryption", () => {
    expect(() => resolveProfile({ profile: "auth-ctr", sparkAuth: false })).toThrow(/network encryption \(aes-ctr\) needs sparkAuth/);
  });

  it("refuses SASL encryption without auth", () => {
    const e = errorOf(() => resolveProfile({ profile: "io-enc", saslEncryption: true }));
    expect(e.message).toContain("security.saslEncryption");
    expect(e.message).toContain("SASL encryption needs sparkAuth: true");
  });

  it("rejects an unknown profile name and lists the allowed names", () => {
    const e = errorOf(() => resolveProfile("auth-chacha"));
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(e.message).toContain("auth-chacha");
    for (const n of PROFILE_NAMES) expect(e.message).toContain(`"${n}"`);
  });

  it("rejects an unknown profile name in the object form and names the key", () => {
    const e = errorOf(() => resolveProfile({ profile: "tls" }, "scenario.security"));
    expect(e.message).toContain("scenario.security");
    expect(e.message).toContain('"auth-gcm"');
  });

  it("rejects an unknown override key", () => {
    expect(() => resolveProfile({ profile: "auth", mtls: true })).toThrow(/unknown key\(s\) "mtls"/);
  });

  it("rejects a bad override value and lists the allowed values", () => {
    const e = errorOf(() => resolveProfile({ profile: "auth", networkCrypto: "aes-cbc" }));
    expect(e.message).toContain("security.networkCrypto");
    expect(e.message).toMatch(/"off", "aes-ctr", "aes-gcm"/);
    expect(e.message).toContain('got "aes-cbc"');
  });
});

describe("the kerberos option", () => {
  it("is absent unless asked for; {} gives authentication, SPNEGO on and no proxy users", () => {
    expect(resolveProfile("acls").kerberos).toBeUndefined();
    const p = resolveProfile({ profile: "acls", kerberos: {} });
    expect(p.kerberos).toEqual({ rpcProtection: "authentication", proxyUsers: {}, spnego: true });
    expect(p.name).toBe("acls+kerberos");
    expect(p.yarnAcls).toBe(true);
  });

  it("keeps what a scenario sets", () => {
    const p = resolveProfile({ profile: "auth", kerberos: { rpcProtection: "privacy", spnego: false, proxyUsers: { alice: ["bob"] } } });
    expect(p.kerberos).toEqual({ rpcProtection: "privacy", proxyUsers: { alice: ["bob"] }, spnego: false });
  });

  it("refuses an unknown protection, an unknown key, a proxy user that is no tenant name, and an empty grant, naming the key", () => {
    expect(() => resolveProfile({ profile: "plain", kerberos: { rpcProtection: "auth-conf" } })).toThrow(/security\.kerberos\.rpcProtection/);
    expect(() => resolveProfile({ profile: "plain", kerberos: { spenego: true } })).toThrow(/spenego/);
    expect(() => resolveProfile({ profile: "plain", kerberos: { proxyUsers: { "Bad User": ["bob"] } } })).toThrow(/security\.kerberos\.proxyUsers\.Bad User: a proxy user must be a tenant name/);
    const e = errorOf(() => resolveProfile({ profile: "plain", kerberos: { proxyUsers: { alice: [] } } }));
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(e.message).toContain("security.kerberos.proxyUsers.alice");
  });
});
