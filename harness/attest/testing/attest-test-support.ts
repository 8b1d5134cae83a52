// Test support: an emulated realm whose REM[0] follows an emulated IMA, a policy that affirms it, and a tiny
// configfs-tsm responder following docs/attestation-design.md (tests and benches only).
import { createHash, createPublicKey } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCcaTestKey } from "../../cca/cca-test-keys.ts";
import { defaultPlatformClaims, EmulatedCcaRealm, type EmulatedCcaRealmOptions } from "../../cca/emulated-cca-realm.ts";
import { ImaEmulator } from "../../ima/ima-emulator.ts";
import { templateHash } from "../../ima/ima-template.ts";
import { buildRuntimePolicy, type AllowedFile } from "../../ima/keylime-runtime-policy.ts";
import { parseReferenceValues, swComponentsReference, type ReferenceValues, type ReferenceValuesInput } from "../verifier/reference-values.ts";

export const TEST_IMA_POLICY = "measure func=FILE_CHECK mask=MAY_READ fowner=1001";
export const TEST_FILES: AllowedFile[] = ["spark-core.jar", "spark-yarn.jar", "shieldlab-attest-plugin.jar"].map((f) => ({
  path: `/opt/spark/jars/${f}`,
  sha256: createHash("sha256").update(`content of ${f}`).digest("hex"),
}));

/** A realm + IMA pair: each IMA measurement is extended into REM[0] as virtCCA's kernel does. */
export class MeasuredRealm {
  readonly realm: EmulatedCcaRealm;
  readonly ima: ImaEmulator;
  #extended = 0;

  constructor(options: EmulatedCcaRealmOptions = {}) {
    this.realm = new EmulatedCcaRealm({ cpakPrivateKey: loadCcaTestKey("cpak").privateKey, rakPrivateKey: loadCcaTestKey("rak").privateKey, ...options });
    this.ima = new ImaEmulator({ policy: TEST_IMA_POLICY, bootAggregate: this.realm.rim });
    this.#sync();
  }

  /** A read by the attest user (uid 1001) of a file it owns: measured by the seed rule. */
  read(path: string, content: string): void {
    this.ima.onFileRead({ path, content, uid: 1001, euid: 1001, gid: 1001, fowner: 1001, fgroup: 1001 });
    this.#sync();
  }

  /** Reads every TEST_FILES file with its allowed content. */
  readAllowedFiles(): this {
    for (const f of TEST_FILES) this.read(f.path, `content of ${f.path.split("/").pop()}`);
    return this;
  }

  binaryLog(): Buffer {
    return this.ima.binaryLog();
  }

  #sync(): void {
    for (const e of this.ima.entries.slice(this.#extended)) this.realm.recordImaMeasurement(templateHash(e.templateData, "sha256"));
    this.#extended = this.ima.entries.length;
  }
}

/** The policy that affirms a MeasuredRealm on the TEST ONLY keys with TEST_FILES read. */
export function affirmingPolicy(m: MeasuredRealm, overrides: Partial<ReferenceValuesInput> = {}): ReferenceValues {
  const pem = (k: ReturnType<typeof createPublicKey>): string => k.export({ type: "spki", format: "pem" }).toString();
  return parseReferenceValues({
    policyId: "test",
    endorsedPlatformKeys: [pem(m.realm.cpakPublicKey)],
    rims: [Buffer.from(m.realm.rim).toString("hex")],
    platformSwComponents: swComponentsReference(defaultPlatformClaims(m.realm.cpakPublicKey).swComponents),
    runtimePolicy: buildRuntimePolicy(TEST_FILES),
    ...overrides,
  });
}

/**
 * The daemon side of configfs-tsm, by polling (no inotify): a new <root>/<name>/ gets provider, generation "0",
 * outblob, auxblob, privlevel, inblob; a new inblob write (32–64 bytes) → zero-pad to 64, token to outblob by rename,
 * then generation+1; a bad length → `error` and generation+1.
 */
export function startTsmResponder(root: string, attest: (challenge64: Uint8Array) => Uint8Array, pollMs = 2): { stop: () => void } {
  mkdirSync(root, { recursive: true });
  const seen = new Map<string, string>();
  const tick = (): void => {
    for (const name of readdirSync(root)) {
      const dir = join(root, name);
      try {
        if (!seen.has(dir)) {
          for (const [f, v] of [["provider", "arm_cca_guest\n"], ["outblob", ""], ["auxblob", ""], ["privlevel", "0\n"], ["inblob", ""]] as const) writeFileSync(join(dir, f), v);
          writeFileSync(join(dir, "generation"), "0\n");
          seen.set(dir, "");
          continue;
        }
        const st = statSync(join(dir, "inblob"));
        const key = `${st.mtimeMs}:${st.size}`;
        if (st.size === 0 || key === seen.get(dir)) continue;
        seen.set(dir, key);
        const inblob = readFileSync(join(dir, "inblob"));
        const gen = Number(readFileSync(join(dir, "generation"), "utf8")) + 1;
        if (inblob.length < 32 || inblob.length > 64) writeFileSync(join(dir, "error"), "EINVAL: inblob must be 32–64 bytes\n");
        else {
          const padded = new Uint8Array(64);
          padded.set(inblob);
          writeFileSync(join(dir, ".outblob.tmp"), attest(padded));
          renameSync(join(dir, ".outblob.tmp"), join(dir, "outblob"));
        }
        writeFileSync(join(dir, "generation"), `${gen}\n`);
      } catch {
        if (!existsSync(dir)) seen.delete(dir); // the client removed it meanwhile
      }
    }
  };
  const timer = setInterval(tick, pollMs);
  return { stop: () => clearInterval(timer) };
}
