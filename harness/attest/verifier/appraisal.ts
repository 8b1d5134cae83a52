// Appraises RA-TLS evidence + an IMA log against the policy and returns an EAR; fails closed on any exception.
import { timingSafeEqual } from "node:crypto";
import { decodeCcaToken, type DecodedCcaToken } from "../../cca/cca-token-decoder.ts";
import { ccaDigest } from "../../cca/cca-hash.ts";
import { coseSignatureValid } from "../../cca/cose-sign1.ts";
import { isSecuredLifecycle } from "../../cca/platform-claims.ts";
import { describeUnknownClaim } from "../../cca/unknown-claims.ts";
import type { SwComponent } from "../../cca/platform-claims.ts";
import { parseBinaryLog } from "../../ima/ima-binary-log.ts";
import { rem0MatchingPrefix } from "../../ima/ima-replay.ts";
import type { ImaLogEntry } from "../../ima/ima-template.ts";
import { appraiseLog } from "../../ima/keylime-appraise.ts";
import { AR4SI, emptyVector, makeEar, statusOf, type Ear, type EarStatus, type TrustVector } from "./ear.ts";
import type { NonceStore } from "./nonce-store.ts";
import { teeChallenge } from "../ratls/ratls-claims.ts";
import { verifyRatlsCertificate, type ParsedRatlsCertificate } from "../ratls/ratls-certificate.ts";
import { endorsedKeys, type CheckName, type ExpectedSwComponent, type ReferenceValues } from "./reference-values.ts";

export interface AppraisalInput {
  /** DER of the TLS peer's (client) certificate. */
  certDer: Uint8Array | undefined;
  /** binary_runtime_measurements as posted by the client. */
  imaLog: Uint8Array;
  nonces: NonceStore;
  policy: ReferenceValues;
  /** ms since the epoch, for the EAR's iat. */
  now?: number;
}

export interface AppraisalOutcome {
  status: EarStatus;
  ear: Ear;
  /** What the evidence said, for the audit log (no secrets: hashes and ids only). */
  evidence: {
    nonce?: string;
    rim?: string;
    rem0?: string;
    flavour?: string;
    imaEntries?: number;
    /** Platform instance id (0x01 ‖ hash of the key that should sign the platform token), hex. */
    platformInstanceId?: string;
    /** Claims the token carries that no known profile defines (ignored, as EAT says): "realm 99999 (bstr, 3)". */
    unknownClaims?: string[];
    /** Each switched-off check, still evaluated: "would fail: <what it would have said>" or "would pass". */
    skippedChecks?: Partial<Record<CheckName, string>>;
  };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);
const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Always-on checks, then the switchable ones; a switched-off check goes to `skipped` (with what it would have said), any exception to `reasons`. */
export async function appraise(input: AppraisalInput): Promise<AppraisalOutcome> {
  const vector = emptyVector();
  const reasons: string[] = [];
  const skipped: string[] = [];
  const evidence: AppraisalOutcome["evidence"] = {};
  const { policy } = input;
  const finish = (): AppraisalOutcome => {
    const ear = makeEar({ vector, reasons, skipped, policyId: policy.policyId, now: input.now });
    return { status: statusOf(ear), ear, evidence };
  };
  let cert: ParsedRatlsCertificate;
  let token: DecodedCcaToken;
  try {
    if (!input.certDer) throw new Error("no client certificate was presented in the TLS handshake");
    cert = await verifyRatlsCertificate(input.certDer);
    if (cert.claims.nonce) evidence.nonce = hex(cert.claims.nonce);
    token = decodeCcaToken(cert.evidence);
    evidence.flavour = token.flavour;
    evidence.rim = hex(token.realm.claims.initialMeasurement);
    evidence.rem0 = hex(token.realm.claims.extensibleMeasurements[0]!);
    if (token.platform) evidence.platformInstanceId = hex(token.platform.claims.instanceId);
    if (token.unknownClaims.length > 0)
      evidence.unknownClaims = [...token.unknownClaims.map(describeUnknownClaim), ...(token.unknownClaimsOmitted > 0 ? [`and ${token.unknownClaimsOmitted} more`] : [])];
    checkTokenIntegrity(token, cert.claimsBuffer);
    vector["instance-identity"] = AR4SI.AFFIRMING;
    vector["runtime-opaque"] = AR4SI.AFFIRMING;
  } catch (e) {
    reasons.push(`evidence: ${msg(e)}`);
    vector["instance-identity"] = AR4SI.CRYPTO_FAILED;
    return finish();
  }

  // A switched-off check is still evaluated (a control must show its fault was there) but cannot change the verdict.
  const run = (check: CheckName, body: () => string | undefined, onFail: (v: TrustVector) => void, onPass?: (v: TrustVector) => void): void => {
    let failure: string | undefined;
    try {
      failure = body();
    } catch (e) {
      failure = `could not be evaluated: ${msg(e)}`;
    }
    if (!policy.checks[check]) {
      skipped.push(check);
      (evidence.skippedChecks ??= {})[check] = failure === undefined ? "would pass" : `would fail: ${failure}`;
    } else if (failure !== undefined) {
      reasons.push(`${check}: ${failure}`);
      onFail(vector);
    } else onPass?.(vector);
  };

  run(
    "endorsement",
    () => {
      if (token.platform) {
        const keys = endorsedKeys(policy.endorsedPlatformKeys);
        if (!keys.some((k) => coseSignatureValid(token.platform!.cose, k)))
          return `platform token (${token.platform.cose.alg}, instance ${evidence.platformInstanceId!.slice(0, 18)}…) is not signed by any of the ${keys.length} endorsed platform key(s)`;
      } else {
        const rak = token.realm.rakPublicKey.export({ type: "spki", format: "der" });
        const keys = endorsedKeys(policy.endorsedRealmKeys);
        if (!keys.some((k) => same(k.export({ type: "spki", format: "der" }), rak)))
          return `realm-only token: its RAK is not among the ${keys.length} endorsed realm key(s)`;
      }
      return undefined;
    },
    (v) => (v.hardware = AR4SI.UNRECOGNIZED),
    (v) => (v.hardware = AR4SI.AFFIRMING),
  );

  run(
    "freshness",
    () => {
      const nonce = cert.claims.nonce;
      if (!nonce) return `the claims buffer carries no "nonce"`;
      const verdict = input.nonces.consume(nonce);
      if (verdict === "used") return `nonce ${hex(nonce).slice(0, 16)}… was already used (replayed evidence)`;
      if (verdict === "expired") return `nonce ${hex(nonce).slice(0, 16)}… has expired (TTL ${input.nonces.ttlMs} ms)`;
      if (verdict === "unknown") return `nonce ${hex(nonce).slice(0, 16)}… was not issued by this verifier (or expired long ago)`;
      return undefined;
    },
    (v) => (v["instance-identity"] = AR4SI.CONTRAINDICATED),
  );

  run(
    "rim",
    () => {
      const rim = evidence.rim!;
      if (!policy.rims.includes(rim)) return `RIM ${rim} is not among the ${policy.rims.length} reference RIM(s)`;
      return undefined;
    },
    (v) => (v.executables = AR4SI.UNRECOGNIZED_RUNTIME),
    (v) => (v.executables = AR4SI.APPROVED_EXECUTABLES),
  );

  run(
    "platform",
    () => {
      if (!token.platform) return "realm-only token: no platform sw components to compare";
      if (policy.platformSwComponents.length === 0) return "no reference sw components (platformSwComponents) in the policy";
      const problem = compareSwComponents(token.platform.claims.swComponents, policy.platformSwComponents);
      return problem;
    },
    (v) => (v.configuration = AR4SI.CONTRAINDICATED),
    (v) => (v.configuration = AR4SI.AFFIRMING),
  );

  let entries: ImaLogEntry[] | undefined;
  const logEntries = (): ImaLogEntry[] => {
    entries ??= parseBinaryLog(input.imaLog).entries;
    evidence.imaEntries = entries.length;
    return entries;
  };
  let imaOk = true;
  run(
    "imaReplay",
    () => {
      const rem0 = token.realm.claims.extensibleMeasurements[0]!;
      const n = rem0MatchingPrefix(logEntries(), rem0);
      if (n === undefined) return `the ${logEntries().length}-entry log does not replay to REM[0] ${hex(rem0).slice(0, 16)}… (truncated, reordered or edited)`;
      return undefined;
    },
    (v) => {
      imaOk = false;
      v["file-system"] = AR4SI.CRYPTO_FAILED;
    },
  );
  run(
    "imaPolicy",
    () => {
      if (!policy.runtimePolicy) return "no Keylime runtime policy (runtimePolicy) in the reference values";
      const r = appraiseLog(logEntries(), policy.runtimePolicy, policy.bootAggregateHex ? { bootAggregate: policy.bootAggregateHex } : {});
      if (r.ok) return undefined;
      const first = r.failures.slice(0, 3).map((f) => `#${f.index} ${f.path} ${f.kind}: ${f.detail}`);
      return `${r.failures.length} of ${r.checked} measured entries fail the runtime policy: ${first.join("; ")}${r.failures.length > 3 ? "; …" : ""}`;
    },
    (v) => {
      imaOk = false;
      v["file-system"] = AR4SI.CONTRAINDICATED;
    },
  );
  if (imaOk && (policy.checks.imaReplay || policy.checks.imaPolicy)) vector["file-system"] = AR4SI.AFFIRMING;
  return finish();
}

/** The always-on token checks: realm challenge = SHA-256(claims buffer) ‖ zeros, realm signature, platform binding, lifecycle. */
function checkTokenIntegrity(token: DecodedCcaToken, claimsBuffer: Uint8Array): void {
  const { realm, platform } = token;
  if (!same(realm.claims.challenge, teeChallenge(claimsBuffer)))
    throw new Error("realm claim 10 (challenge) is not SHA-256(claims buffer) zero-padded to 64 bytes: the token was not made for this certificate");
  if (!coseSignatureValid(realm.cose, realm.rakPublicKey)) throw new Error("realm token signature does not verify under the RAK in realm claim 44237");
  if (platform) {
    const expected = ccaDigest(realm.claims.publicKeyHashAlgorithm, realm.claims.publicKey);
    if (!same(platform.claims.challenge, expected)) throw new Error("platform claim 10 is not the hash of realm claim 44237: platform and realm tokens are not bound");
    if (!isSecuredLifecycle(platform.claims.lifecycle))
      throw new Error(`platform claim 2395 (lifecycle) is 0x${platform.claims.lifecycle.toString(16)}; expected secured (0x3000–0x30ff)`);
  }
}

/** Set equality of sw components on (type, measurement[, signer id, version when the reference gives them]). */
function compareSwComponents(actual: readonly SwComponent[], expected: readonly ExpectedSwComponent[]): string | undefined {
  const matches = (a: SwComponent, e: ExpectedSwComponent): boolean =>
    hex(a.measurement) === e.measurement &&
    (e.type === undefined || a.type === e.type) &&
    (e.signerId === undefined || hex(a.signerId) === e.signerId) &&
    (e.version === undefined || a.version === e.version);
  const unmatched = [...expected];
  for (const a of actual) {
    const i = unmatched.findIndex((e) => matches(a, e));
    if (i < 0) return `sw component ${a.type ?? "(no type)"} ${hex(a.measurement).slice(0, 16)}… is not in the reference values`;
    unmatched.splice(i, 1);
  }
  if (unmatched.length > 0) return `${unmatched.length} expected sw component(s) are missing, first ${unmatched[0]!.type ?? unmatched[0]!.measurement.slice(0, 16)}`;
  return undefined;
}
