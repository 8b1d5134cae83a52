// Fuzz driver: mutates valid tokens of every form and sorts each verify outcome; anything but HarnessError is a crash.
import { isHarnessError } from "../errors/harness-error.ts";
import { verifyCcaToken, type VerifyCcaTokenOptions } from "./cca-token-verifier.ts";
import { EmulatedCcaRealm, type EmulatedCcaRealmOptions } from "./emulated-cca-realm.ts";
import { MUTATION_KINDS, mutate, seededRandom, type MutationKind } from "./fuzz-mutations.ts";

export interface FuzzCase {
  iteration: number;
  kind: MutationKind;
  target: string;
  input: Uint8Array;
  error: unknown;
}

export interface FuzzReport {
  iterations: number;
  /** Mutants that verified: only allowed when identical to the original. */
  verifiedUnchanged: number;
  verifiedChanged: FuzzCase[];
  refused: number;
  /** Refusals per target (token form), so a run shows every form was reached. */
  refusedByTarget: Record<string, number>;
  /** Refusals by a signature check (realm or platform): mutants that got past every structure and size rule. */
  refusedBySignature: number;
  /** Exceptions other than HarnessError CCA_TOKEN_INVALID. */
  crashes: FuzzCase[];
}

// ES256 platforms keep the run fast (P-384 verifies dominate); the ES384 path is covered by the other tests.
const TARGETS: [string, EmulatedCcaRealmOptions, (r: EmulatedCcaRealm) => VerifyCcaTokenOptions][] = [
  ["cmw907+realm-2.0 (default)", { platformAlgorithm: "ES256" }, (r) => ({ endorsedPlatformKeys: [r.cpakPublicKey] })],
  ["cmw907+realm-2.0+unknown claims", { platformAlgorithm: "ES256", extraRealmClaims: new Map<number, unknown>([[99999, new Uint8Array(8)], [44244, 1], [44257, new Uint8Array(32)]]) }, (r) => ({ endorsedPlatformKeys: [r.cpakPublicKey] })],
  ["tag399+tf-rmm-0.8", { platformAlgorithm: "ES256", tokenFormat: "tf-rmm-0.8" }, (r) => ({ endorsedPlatformKeys: [r.cpakPublicKey] })],
  ["tag399+realm-1.0", { platformAlgorithm: "ES256", tokenFormat: "realm-1.0" }, (r) => ({ endorsedPlatformKeys: [r.cpakPublicKey] })],
  ["tag399 legacy", { platformAlgorithm: "ES256", tokenFormat: "legacy" }, (r) => ({ endorsedPlatformKeys: [r.cpakPublicKey] })],
  ["virtcca", { flavour: "virtcca" }, (r) => ({ endorsedPlatformKeys: [], endorsedRealmKeys: [r.rakPublicKey] })],
];

/** verifyCcaToken's messages when a signature does not verify (cca-token-verifier.ts). */
const SIGNATURE_REFUSAL = /^(realm token signature does not verify|platform token \(ES\d+\) is not signed by any)/;

/** Runs `iterations` seeded mutations across all token forms and mutation kinds. */
export function fuzzVerify(seed: number, iterations: number, make: (o: EmulatedCcaRealmOptions) => EmulatedCcaRealm): FuzzReport {
  const rnd = seededRandom(seed);
  const targets = TARGETS.map(([name, options, verifyOptions]) => {
    const realm = make(options);
    realm.extendRem(0, Uint8Array.of(seed & 0xff));
    return { name, token: realm.attest(new Uint8Array(64).fill(seed & 0xff)), options: verifyOptions(realm) };
  });
  const report: FuzzReport = { iterations, verifiedUnchanged: 0, verifiedChanged: [], refused: 0, refusedByTarget: Object.fromEntries(TARGETS.map(([name]) => [name, 0])), refusedBySignature: 0, crashes: [] };
  for (let i = 0; i < iterations; i++) {
    const t = targets[i % targets.length]!;
    const kind = MUTATION_KINDS[Math.floor(rnd() * MUTATION_KINDS.length)]!;
    const input = mutate(t.token, kind, rnd);
    try {
      verifyCcaToken(input, t.options);
      if (Buffer.from(input).equals(Buffer.from(t.token))) report.verifiedUnchanged++;
      else report.verifiedChanged.push({ iteration: i, kind, target: t.name, input, error: undefined });
    } catch (e) {
      if (isHarnessError(e, "CCA_TOKEN_INVALID")) {
        report.refused++;
        report.refusedByTarget[t.name]!++;
        if (SIGNATURE_REFUSAL.test(e.message)) report.refusedBySignature++;
      } else report.crashes.push({ iteration: i, kind, target: t.name, input, error: e });
    }
  }
  return report;
}
