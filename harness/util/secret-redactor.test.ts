import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { thrownHarnessError } from "../errors/thrown-error.ts";
import { SecretRegistry, generatedSecrets } from "./generated-secrets.ts";
import { findSecretsInArtifacts, redactArtifactTree, redactText, redactionMark } from "./secret-redactor.ts";

/** A registry with every kind of secret the harness makes, plus one that needs JSON escaping. */
function registry(): SecretRegistry {
  const r = new SecretRegistry("test-session");
  r.generate("keystore-password");
  r.generate("auth-secret", 32);
  r.add("keytab", Buffer.from("\x05\x02 fake keytab bytes for alice@SHIELDLAB").toString("base64"));
  r.add("quoted-secret", 'pa"ss\\word-0123');
  return r;
}

/** A run folder laid out like a real one, each secret in several files; returns the pcap and binary bytes. */
function fakeRun(secrets: SecretRegistry): { dir: string; pcap: Buffer; binary: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "shieldlab-redact-"));
  const [pw, auth, keytab, quoted] = secrets.list().map((s) => s.value);
  const put = (rel: string, content: string | Buffer): void => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  };
  const c = "s1/logs/nm-1/application_1_0001/container_1_0001_01_000002";
  put(`${c}/launch_container.sh`, `export _SPARK_SSL_RPC_KEY_PASSWORD="${pw}"\nexport _SPARK_SSL_RPC_TRUST_STORE_PASSWORD="${pw}"\nexport AUTH="${auth}"\n`);
  put(`${c}/stdout`, `Pi is roughly 3.14\nkeytab ${keytab}\n`);
  put(`${c}/stderr`, Buffer.concat([Buffer.from(`spark.ssl.rpc.keyStorePassword=${pw} `), Buffer.from([0xe9, 0xff]), Buffer.from(" not UTF-8\n")]));
  put("s1/logs/nm-1.log", `daemon: ${pw} ${auth}\n`);
  put("s1/steps/pi/submit.log", `--conf spark.ssl.rpc.keyPassword=${pw}\n${quoted}\n`);
  put("s1/history.json", JSON.stringify({ value: { command: ["--conf", `x=${pw}`], stdout: quoted } }));
  put("harness.log", `${JSON.stringify({ msg: `submitting with ${auth}`, q: quoted })}\n`);
  const binary = Buffer.concat([Buffer.from([0, 1, 2, pw!.length]), Buffer.from(pw!), Buffer.from([0, 0xff]), Buffer.from(keytab!)]);
  put("s1/attestation/nm-1-ima-binary.log", binary);
  const pcap = Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0]), Buffer.from(`sparkCookie ${pw}`)]);
  put("s1/pcaps/nm-1.pcap", pcap);
  return { dir, pcap, binary };
}

describe("secret redaction of artifacts", () => {
  it("finds every generated secret in a fake run folder before redaction (the check can fail)", () => {
    const r = registry();
    const { dir } = fakeRun(r);
    const found = findSecretsInArtifacts(dir, r.list());
    expect(new Set(found.map((f) => f.kind))).toEqual(new Set(["keystore-password", "auth-secret", "keytab", "quoted-secret"]));
    expect(found.some((f) => f.file.endsWith("ima-binary.log"))).toBe(true);
    // captures are evidence and are not scanned
    expect(found.some((f) => f.file.endsWith(".pcap"))).toBe(false);
  });

  it("leaves no generated secret in text or binary files, keeps pcaps byte for byte and binaries at their size", () => {
    const r = registry();
    const { dir, pcap, binary } = fakeRun(r);
    const summary = redactArtifactTree(dir, r.list());
    expect(summary.problems).toEqual([]);
    expect(summary.files).toBe(8);
    expect(findSecretsInArtifacts(dir, r.list())).toEqual([]);

    const [pw] = r.list();
    const launch = readFileSync(join(dir, "s1/logs/nm-1/application_1_0001/container_1_0001_01_000002/launch_container.sh"), "utf8");
    expect(launch).toContain(`_SPARK_SSL_RPC_KEY_PASSWORD="${redactionMark(pw!)}"`);
    expect(redactionMark(pw!)).toMatch(/^\[redacted:keystore-password sha256=[0-9a-f]{12}…\]$/);
    // bytes that are not UTF-8 survive the rewrite
    const stderr = readFileSync(join(dir, "s1/logs/nm-1/application_1_0001/container_1_0001_01_000002/stderr"));
    expect(stderr.includes(Buffer.from([0xe9, 0xff]))).toBe(true);
    // JSON stays JSON: the escaped spelling of a secret was replaced too
    expect(() => JSON.parse(readFileSync(join(dir, "s1/history.json"), "utf8"))).not.toThrow();
    expect(readFileSync(join(dir, "s1/pcaps/nm-1.pcap"))).toEqual(pcap);
    expect(statSync(join(dir, "s1/attestation/nm-1-ima-binary.log")).size).toBe(binary.length);
    // a second pass finds nothing to do
    expect(redactArtifactTree(dir, r.list()).replaced).toBe(0);
  });

  it("redacts log lines and keeps text without secrets as it was", () => {
    const r = registry();
    const [pw] = r.list();
    expect(redactText(`a ${pw!.value} b ${pw!.value}`, r.list())).toBe(`a ${redactionMark(pw!)} b ${redactionMark(pw!)}`);
    expect(redactText("nothing here", r.list())).toBe("nothing here");
  });

  it("refuses secrets too short to redact safely and shows every registry's secrets process-wide", () => {
    const r = new SecretRegistry("short");
    expect(thrownHarnessError(() => r.add("keystore-password", "abc")).code).toBe("INVALID_INPUT");
    const v = r.generate("keystore-password");
    expect(generatedSecrets().some((s) => s.value === v && s.owner === "short")).toBe(true);
  });
});
