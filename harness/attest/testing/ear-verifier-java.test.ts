// The driver's Java EAR checks (images/attest-plugin: RelyingParty → EarVerifier) against EARs signed by the
// verifier's own TypeScript signer: compiled with javac (JDK 17) against the jars they need — Jackson as Spark 4.0.5
// ships it, pinned in images/attest-plugin/test-jars.lock and resolved from Maven Central on first use — and run with
// java (no Docker). A missing JDK or an unresolvable jar fails these tests; they never skip.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HarnessError } from "../../errors/harness-error.ts";
import { imagesDir } from "../../util/paths.ts";
import { AR4SI, emptyVector, makeEar } from "../verifier/ear.ts";
import { earClaims, generateEarSigningKey, publicJwks, signEarJwt } from "../verifier/ear-jwt.ts";
import { verifyEarJwt } from "../verifier/ear-verify.ts";
import { forgeEarJwt } from "../agent/forged-ear.ts";
import { attest } from "../agent/ratls-client.ts";
import { requestTsmReport } from "../agent/tsm-report-client.ts";
import { startVerifier } from "../verifier/verifier-service.ts";
import { affirmingPolicy, MeasuredRealm, startTsmResponder } from "./attest-test-support.ts";
import { resolveEarVerifierJars } from "./ear-verifier-jars.ts";

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

const pluginSrc = join(imagesDir, "attest-plugin", "src");
/** The Java mains these tests run; javac compiles the plugin classes they use from the source path. */
const MAINS = ["EarVerifierSelfTest", "RelyingPartyProbe"].map((m) => join(pluginSrc, "shieldlab", "attest", "testing", `${m}.java`));

let compiling: Promise<{ classes: string; jars: string }> | undefined;
/** The locked jars (downloaded on first use) and the verifier's classes compiled against them, once per file. */
function javaSetup(): Promise<{ classes: string; jars: string }> {
  return (compiling ??= (async () => {
    const jars = await resolveEarVerifierJars();
    const classes = join(mkdtempSync(join(tmpdir(), "shieldlab-earjava-")), "classes");
    try {
      execFileSync("javac", ["--release", "17", "-nowarn", "-encoding", "UTF-8", "-implicit:class", "-sourcepath", pluginSrc, "-cp", `${jars}/*`, "-d", classes, ...MAINS], { stdio: "pipe" });
    } catch (e) {
      const err = e as { code?: string; stderr?: Buffer };
      throw new HarnessError(
        "IMAGE_BUILD_FAILED",
        err.code === "ENOENT"
          ? "javac is not on the PATH: the EAR verifier tests need a JDK 17 (the image build needs one too)"
          : `javac of images/attest-plugin's EAR verifier failed: ${err.stderr?.toString().trim().split("\n").slice(0, 20).join("\n") ?? String(e)}`,
        { cause: e },
      );
    }
    return { classes, jars };
  })());
}
const classPath = (s: { classes: string; jars: string }): string => `${s.classes}:${s.jars}/*`;

describe("the driver's Java EAR verifier (EarVerifierSelfTest)", () => {
  let setup: { classes: string; jars: string };
  beforeAll(async () => {
    setup = await javaSetup();
  }, 300_000);

  it("gives the same verdicts as ear-verify.ts: accepts a good EAR, refuses forged, changed, stale, unbound ones; the data key gate holds", () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-earcases-"));
    const input = {
      jwks: JSON.stringify(jwks),
      cases: CASES.map((c) => ({ name: c.name, jwt: c.jwt, nowMs: NOW, boundTo: c.boundTo === undefined ? "1" : c.boundTo, nonce: nonceUrl, presentedBy: c.presentedBy ?? "1", checkSignature: c.checkSignature ?? true })),
    };
    writeFileSync(join(dir, "cases.json"), JSON.stringify(input));
    const out = execFileSync("java", ["-cp", classPath(setup), "shieldlab.attest.testing.EarVerifierSelfTest", join(dir, "cases.json")], { encoding: "utf8" });
    const lines = out.trim().split("\n");
    expect(lines.pop()!.split("\t")).toEqual(["datakeys", "canary-1", "refused", "withheld"]);
    const got = Object.fromEntries(lines.map((l) => l.split("\t") as [string, string]).map(([n, code]) => [n, code]));
    expect(got).toEqual(Object.fromEntries(CASES.map((c) => [c.name, c.expect])));
    // the TypeScript rules say the same where both apply
    for (const c of CASES.filter((x) => x.jwt && x.checkSignature !== false && !x.presentedBy && !["verified"].includes(x.expect))) {
      expect(verifyEarJwt(c.jwt!, jwks, { now: NOW, expectedNonce: nonce }).failure, c.name).toBe(c.expect);
    }
  }, 120_000);
});

describe("the driver against a live verifier (RelyingPartyProbe)", () => {
  let setup: { classes: string; jars: string };
  beforeAll(async () => {
    setup = await javaSetup();
  }, 300_000);

  it("gets a challenge over pinned TLS, binds it to the executor, accepts that executor's EAR once, refuses a forged one", async () => {
    const good = new MeasuredRealm().readAllowedFiles();
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-rpprobe-"));
    const certOut = join(dir, "verifier-cert.pem");
    await using v = await startVerifier({ listenHost: "127.0.0.1", port: 0, adminPort: 0, certOut, policy: affirmingPolicy(good) });
    const java = spawn("java", ["-cp", classPath(setup), "shieldlab.attest.testing.RelyingPartyProbe", v.url, certOut], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: java.stdout! })[Symbol.asyncIterator]();
    const next = async (): Promise<string[]> => ((await lines.next()).value as string).split("\t");
    try {
      const [tag, nonceB64] = await next();
      expect(tag).toBe("nonce");
      const tsm = mkdtempSync(join(dir, "tsm-"));
      const responder = startTsmResponder(tsm, (ch) => good.realm.attest(ch));
      const once = (forgeEar: boolean, nonce: string) =>
        attest({
          verifierUrl: v.url, verifierCertPem: readFileSync(certOut, "utf8"), appId: "application_1_0001", executorId: "1", host: "nm-1",
          getToken: async (challenge) => (await requestTsmReport(challenge, { root: tsm, timeoutMs: 5_000 })).outblob,
          readImaLog: async () => good.binaryLog(), nonce: new Uint8Array(Buffer.from(nonce, "base64")), faults: { forgeEar }, timeoutMs: 5_000,
        });
      const real = await once(false, nonceB64!);
      expect(real.output.status).toBe("affirming");
      java.stdin!.write(`${real.output.earJwt}\n`);
      expect(await next()).toEqual(["decision", "verified", expect.stringMatching(/^affirming; signed by /)]);
      java.stdin!.write(`${real.output.earJwt}\n`); // the binding is single use
      expect((await next()).slice(0, 2)).toEqual(["decision", "no-challenge"]);
      java.stdin!.write("issue\n");
      const [, second] = await next();
      const forged = await once(true, second!); // the agent's forgeEar fault: affirming, signed by a fresh key
      responder.stop();
      expect(forged.output.status).toBe("affirming");
      java.stdin!.write(`${forged.output.earJwt}\n`);
      expect((await next()).slice(0, 2)).toEqual(["decision", "signature"]);
    } finally {
      java.stdin!.end();
      java.kill();
    }
  }, 120_000);
});
