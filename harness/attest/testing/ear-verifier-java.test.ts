// The driver's Java EAR checks (images/attest-plugin: RelyingParty → EarVerifier) against EARs signed by the
// verifier's own TypeScript signer: compiled with javac against Spark's jars and run with java (no Docker).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir, imagesDir } from "../../util/paths.ts";
import { AR4SI, emptyVector, makeEar } from "../verifier/ear.ts";
import { earClaims, generateEarSigningKey, publicJwks, signEarJwt } from "../verifier/ear-jwt.ts";
import { verifyEarJwt } from "../verifier/ear-verify.ts";
import { forgeEarJwt } from "../agent/forged-ear.ts";

const sparkJars = join(cacheDir, "spark-4.0.5", "jars");
const haveJava = ((): boolean => {
  try {
    execFileSync("javac", ["-version"], { stdio: "ignore" });
    return existsSync(sparkJars);
  } catch {
    return false;
  }
})();

const NOW = Date.now();
const nonce = new Uint8Array(32).fill(9);
const nonceUrl = Buffer.from(nonce).toString("base64url");
const key = generateEarSigningKey();
const jwks = publicJwks(key);

function vector(ok: boolean) {
  const v = emptyVector();
  v["instance-identity"] = AR4SI.AFFIRMING;
  v.executables = ok ? AR4SI.APPROVED_EXECUTABLES : AR4SI.UNRECOGNIZED_RUNTIME;
  return v;
}
const ear = (o: { now?: number; ok?: boolean; n?: Uint8Array; with?: typeof key } = {}): string =>
  signEarJwt(earClaims(makeEar({ vector: vector(o.ok ?? true), reasons: o.ok === false ? ["rim: no match"] : [], skipped: [], policyId: "p", now: o.now ?? NOW }), o.n ?? nonce), o.with ?? key);

function flipPayloadByte(jwt: string, at = 12): string {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const b = Buffer.from(p, "base64url");
  b[at] = b[at]! ^ 0x01;
  return `${h}.${b.toString("base64url")}.${s}`;
}

interface Case {
  name: string;
  jwt: string | null;
  expect: string;
  boundTo?: string | null;
  presentedBy?: string;
  checkSignature?: boolean;
}
const good = ear();
const forged = forgeEarJwt(ear({ ok: false }));
const CASES: Case[] = [
  { name: "good", jwt: good, expect: "verified" },
  { name: "forged", jwt: forged, expect: "signature" },
  { name: "forged-unchecked", jwt: forged, expect: "verified", checkSignature: false },
  { name: "other-key", jwt: ear({ with: generateEarSigningKey() }), expect: "unknown-key" },
  { name: "changed-byte", jwt: flipPayloadByte(good), expect: "signature" },
  { name: "stale", jwt: ear({ now: NOW - 301_000 }), expect: "stale" },
  { name: "future", jwt: ear({ now: NOW + 120_000 }), expect: "future" },
  { name: "other-nonce", jwt: ear({ n: new Uint8Array(32).fill(1) }), expect: "nonce" },
  { name: "other-executor", jwt: good, expect: "no-challenge", presentedBy: "2" },
  { name: "not-affirming", jwt: ear({ ok: false }), expect: "not-affirming" },
  { name: "no-ear", jwt: null, expect: "no-ear" },
  { name: "malformed", jwt: "a.b", expect: "malformed" },
  { name: "alg-none", jwt: `${Buffer.from('{"alg":"none"}').toString("base64url")}.${good.split(".")[1]}.`, expect: "algorithm" },
];

describe("forged EAR (the att-forged-ear agent fault)", () => {
  it("is affirming, carries the verifier's kid, and fails the signature check (TypeScript verifier)", () => {
    const claims = JSON.parse(Buffer.from(forged.split(".")[1]!, "base64url").toString()) as { submods: Record<string, Record<string, string>> };
    expect(claims.submods["cca-realm"]!["ear.status"]).toBe("affirming");
    expect(JSON.parse(Buffer.from(forged.split(".")[0]!, "base64url").toString()).kid).toBe(key.publicJwk.kid);
    expect(verifyEarJwt(forged, jwks, { expectedNonce: nonce })).toMatchObject({ ok: false, failure: "signature" });
  });
});

describe.skipIf(!haveJava)("the driver's Java EAR verifier (EarVerifierSelfTest)", () => {
  it("gives the same verdicts as ear-verify.ts: accepts a good EAR, refuses forged, changed, stale, unbound ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-earjava-"));
    const src = join(imagesDir, "attest-plugin", "src");
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".java") && files.push(join(d, e.name));
    };
    walk(src);
    const cp = `${sparkJars}/*`;
    execFileSync("javac", ["--release", "17", "-nowarn", "-cp", cp, "-d", join(dir, "classes"), ...files], { stdio: "pipe" });
    const input = {
      jwks: JSON.stringify(jwks),
      cases: CASES.map((c) => ({ name: c.name, jwt: c.jwt, nowMs: NOW, boundTo: c.boundTo === undefined ? "1" : c.boundTo, nonce: nonceUrl, presentedBy: c.presentedBy ?? "1", checkSignature: c.checkSignature ?? true })),
    };
    writeFileSync(join(dir, "cases.json"), JSON.stringify(input));
    const out = execFileSync("java", ["-cp", `${join(dir, "classes")}:${cp}`, "shieldlab.attest.testing.EarVerifierSelfTest", join(dir, "cases.json")], { encoding: "utf8" });
    const got = Object.fromEntries(out.trim().split("\n").map((l) => l.split("\t") as [string, string]).map(([n, code]) => [n, code]));
    expect(got).toEqual(Object.fromEntries(CASES.map((c) => [c.name, c.expect])));
    // the TypeScript rules say the same where both apply
    for (const c of CASES.filter((x) => x.jwt && x.checkSignature !== false && !x.presentedBy && !["verified"].includes(x.expect))) {
      expect(verifyEarJwt(c.jwt!, jwks, { now: NOW, expectedNonce: nonce }).failure, c.name).toBe(c.expect);
    }
  }, 120_000);
});
