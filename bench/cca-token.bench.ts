// bench-cca-token: ops/s of creating (signing) and verifying an emulated Arm CCA attestation token, and of signing and
// verifying the verifier's EAR (ES256 JWT) beside them.
// Usage: npx tsx bench/cca-token.bench.ts [--time MS]   Prints a Markdown table (mean ops/s, 95 % margin of error).
import { createLocalJWKSet, jwtVerify } from "jose";
import { Bench } from "tinybench";
import { loadCcaTestKey } from "../harness/cca/cca-test-keys.ts";
import { decodeCcaToken } from "../harness/cca/cca-token-decoder.ts";
import { verifyCcaToken } from "../harness/cca/cca-token-verifier.ts";
import { EmulatedCcaRealm } from "../harness/cca/emulated-cca-realm.ts";
import { AR4SI, emptyVector, makeEar } from "../harness/attest/verifier/ear.ts";
import { earClaims, generateEarSigningKey, publicJwks, signEarJwt } from "../harness/attest/verifier/ear-jwt.ts";
import { verifyEarJwt } from "../harness/attest/verifier/ear-verify.ts";

const args = process.argv.slice(2);
const time = Number(args[args.indexOf("--time") + 1] ?? 1000) || 1000;
const rak = loadCcaTestKey("rak").privateKey;
const challenge = new Uint8Array(64).fill(0x5a);
const realms = {
  ES384: new EmulatedCcaRealm({ cpakPrivateKey: loadCcaTestKey("cpak").privateKey, rakPrivateKey: rak }),
  ES256: new EmulatedCcaRealm({ cpakPrivateKey: loadCcaTestKey("cpakEs256").privateKey, rakPrivateKey: rak, platformAlgorithm: "ES256" }),
};
const tokens = { ES384: realms.ES384.attest(challenge), ES256: realms.ES256.attest(challenge) };

const bench = new Bench({ name: "cca-token", time, warmupTime: 200 });
for (const alg of ["ES384", "ES256"] as const) {
  const options = { endorsedPlatformKeys: [realms[alg].cpakPublicKey], expectedChallenge: challenge };
  bench.add(`create (platform ${alg}, realm ES384)`, () => void realms[alg].attest(challenge));
  bench.add(`verify (platform ${alg}, realm ES384)`, () => void verifyCcaToken(tokens[alg], options));
}
bench.add("decode only (no signature checks)", () => void decodeCcaToken(tokens.ES384));

const earKey = generateEarSigningKey();
const jwks = publicJwks(earKey);
const joseKeys = createLocalJWKSet(jwks);
const vector = Object.fromEntries(Object.entries(emptyVector()).map(([k]) => [k, AR4SI.AFFIRMING])) as ReturnType<typeof emptyVector>;
const claims = earClaims(makeEar({ vector, reasons: [], skipped: [], policyId: "shieldlab/cca-realm-ima" }), challenge.subarray(0, 32));
const earJwt = signEarJwt(claims, earKey);
bench.add("EAR sign (ES256 JWT)", () => void signEarJwt(claims, earKey));
bench.add("EAR verify (verifyEarJwt: signature, iat, nonce, status)", () => void verifyEarJwt(earJwt, jwks, { expectedNonce: challenge.subarray(0, 32) }));
bench.add("EAR verify (jose jwtVerify)", async () => void (await jwtVerify(earJwt, joseKeys, { algorithms: ["ES256"] })));
await bench.run();

const rows = bench.tasks.map((t) => {
  const r = t.result;
  if (r.state !== "completed") return `| ${t.name} | ${r.state} | | | |`;
  return `| ${t.name} | ${r.throughput.mean.toFixed(0)} | ± ${r.throughput.rme.toFixed(1)} % | ${r.latency.mean.toFixed(3)} | ${r.latency.samplesCount} |`;
});
console.log(`Token size: ${tokens.ES384.length} bytes (ES384 platform), ${tokens.ES256.length} bytes (ES256 platform); EAR JWT ${earJwt.length} bytes. Node ${process.version}.\n`);
console.log("| operation | ops/s | 95 % CI | mean ms | samples |\n|---|---:|---:|---:|---:|");
console.log(rows.join("\n"));
