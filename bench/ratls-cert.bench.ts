// bench-ratls-cert: ops/s of creating an RA-TLS certificate (key pair + claims + CCA token + X.509 signing) and of
// verifying one (parse + self-signature + token decode + full appraisal).
// Usage: npx tsx bench/ratls-cert.bench.ts [--time MS]   Prints a Markdown table (mean ops/s, 95 % margin of error).
import { Bench } from "tinybench";
import { appraise } from "../harness/attest/verifier/appraisal.ts";
import { affirmingPolicy, MeasuredRealm } from "../harness/attest/testing/attest-test-support.ts";
import { NonceStore } from "../harness/attest/verifier/nonce-store.ts";
import { encodeClaimsBuffer, teeChallenge } from "../harness/attest/ratls/ratls-claims.ts";
import { createRatlsCertificate, generateRatlsKeyPair, parseRatlsCertificate, verifyRatlsCertificate } from "../harness/attest/ratls/ratls-certificate.ts";

const args = process.argv.slice(2);
const time = Number(args[args.indexOf("--time") + 1] ?? 1000) || 1000;
const m = new MeasuredRealm().readAllowedFiles();
const imaLog = m.binaryLog();
const policy = affirmingPolicy(m, { checks: { freshness: false } });
const nonces = new NonceStore();
const nonce = new Uint8Array(32).fill(7);
const keyPair = await generateRatlsKeyPair();
const claimsBuffer = encodeClaimsBuffer(keyPair.spki, nonce);
const token = m.realm.attest(teeChallenge(claimsBuffer));
const cert = await createRatlsCertificate({ keyPair, evidence: token, claimsBuffer });

const bench = new Bench({ name: "ratls-cert", time, warmupTime: 200 });
bench.add("create: certificate only (key pair, token given)", async () => void (await createRatlsCertificate({ keyPair, evidence: token, claimsBuffer })));
bench.add("create: fresh key pair + claims + token + certificate", async () => {
  const kp = await generateRatlsKeyPair();
  const cb = encodeClaimsBuffer(kp.spki, nonce);
  await createRatlsCertificate({ keyPair: kp, evidence: m.realm.attest(teeChallenge(cb)), claimsBuffer: cb });
});
bench.add("verify: parse + extension + pubkey-hash", () => void parseRatlsCertificate(cert.der));
bench.add("verify: + self-signature", async () => void (await verifyRatlsCertificate(cert.der)));
bench.add("verify: full appraisal (token, endorsement, RIM, platform, IMA replay + policy)", async () => {
  const r = await appraise({ certDer: cert.der, imaLog, nonces, policy });
  if (r.status !== "affirming") throw new Error(r.ear.reasons.join("; "));
});
await bench.run();

const rows = bench.tasks.map((t) => {
  const r = t.result;
  if (r.state !== "completed") return `| ${t.name} | ${r.state} | | | |`;
  return `| ${t.name} | ${r.throughput.mean.toFixed(0)} | ± ${r.throughput.rme.toFixed(1)} % | ${r.latency.mean.toFixed(3)} | ${r.latency.samplesCount} |`;
});
console.log(`Certificate ${cert.der.length} bytes DER (token ${token.length} bytes, IMA log ${imaLog.length} bytes). Node ${process.version}.\n`);
console.log("| operation | ops/s | 95 % CI | mean ms | samples |\n|---|---:|---:|---:|---:|");
console.log(rows.join("\n"));
