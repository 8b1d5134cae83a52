// The emulated device of one NodeManager: a CCA realm whose REM[0] carries IMA (virtCCA style), the IMA
// measurement logs as files, the fault injection of the attack scenarios, and reboot.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { EmulatedCcaRealm } from "../../cca/emulated-cca-realm.ts";
import type { CcaFlavour } from "../../cca/cca-token-decoder.ts";
import type { RealmTokenFormat } from "../../cca/realm-token-format.ts";
import { keyCurve, type CoseAlgorithm } from "../../cca/cose-sign1.ts";
import { HarnessError } from "../../errors/harness-error.ts";
import { writeAsciiLog } from "../../ima/ima-ascii-log.ts";
import { writeBinaryLog } from "../../ima/ima-binary-log.ts";
import type { ImaMaskName } from "../../ima/ima-policy-keywords.ts";
import { policyDecides, type ImaDecision, type ImaEvent } from "../../ima/ima-policy-match.ts";
import { parseImaPolicy, type ImaPolicy } from "../../ima/ima-policy.ts";
import { BOOT_AGGREGATE, imaNgEntry, templateHash, type ImaLogEntry } from "../../ima/ima-template.ts";
import { silentLogger } from "../../log/logger.ts";
import { writeFileAtomic } from "./atomic-file.ts";
import { readDeviceFaults, type DeviceFaults } from "./device-faults.ts";

/** The kernel shows ids it cannot map as the overflow id; used when the opening process exited before we looked. */
export const UNKNOWN_ID = 65534;

/** One open as the fanotify helper reports it (ima-fanotify.py); ids are null when the process was gone. */
export interface OpenEvent {
  path: string;
  pid?: number;
  /** Who opened it (spark-executor, spark-am, …; from the opener's command line) and in which YARN container. */
  role?: string | null;
  container?: string | null;
  uid: number | null;
  euid: number | null;
  gid: number | null;
  egid?: number | null;
  fowner: number;
  fgroup: number;
  func: "FILE_CHECK" | "BPRM_CHECK";
  /** The access mask of the open (from the opener's fd flags, else assumed MAY_READ; see ima-fanotify.py). */
  mask: ImaMaskName[];
  maskSource?: "fdinfo" | "assumed" | "exec";
  /** Hex SHA-256 of the content; null when the helper's pre-filter skipped hashing. */
  sha256: string | null;
  fsmagic?: number | null;
}

export interface MeasureOutcome {
  /** "unhashed": the policy measures it but the helper did not hash it (its pre-filter is wrong). */
  result: "measured" | "not_in_policy" | "cached" | "unhashed";
  decision: ImaDecision;
  entry?: ImaLogEntry;
}

export interface EmulatedDeviceOptions {
  /** IMA policy text (the grammar of /sys/kernel/security/ima/policy). */
  policy: string;
  cpakPrivateKey: KeyObject;
  /** Realm Initial Measurement, 32 bytes (SHA-256); also the boot_aggregate digest, as on virtCCA. */
  rim: Uint8Array;
  /** "cca" (default): platform + realm token; "virtcca": realm token only. */
  flavour?: CcaFlavour;
  /** Realm token shape for "cca": "realm-2.0" (default, TF-RMM main, tag 907), "tf-rmm-0.8" (TF-RMM v0.8.0), "realm-1.0" or "legacy" (tag 399). */
  tokenFormat?: RealmTokenFormat;
  /** When given: binary_runtime_measurements, ascii_runtime_measurements and policy are kept there. */
  imaDir?: string;
  /** faults.json, read on every token request. */
  faultsFile?: string;
  /** The non-endorsed key of the `foreignPlatformKey` fault; default: made now, on the CPAK's curve. */
  foreignPlatformKey?: KeyObject;
  logger?: Logger;
}

interface LogFault {
  kind: "truncate" | "reorder";
  /** Entries the token's REM[0] covered when the fault was applied. */
  at: number;
}

export class EmulatedDevice {
  readonly policy: ImaPolicy;
  readonly policyText: string;
  readonly flavour: CcaFlavour;
  readonly rim: Buffer;
  readonly foreignPlatformKey: KeyObject;
  readonly #o: EmulatedDeviceOptions;
  readonly #log: Logger;
  readonly #platformAlgorithm: CoseAlgorithm;
  #boots = 0;
  #requests = 0;
  #rak!: KeyObject;
  #realm!: EmulatedCcaRealm;
  #entries: ImaLogEntry[] = [];
  /** ima_htable: template hashes already in the log; a repeat is not logged again ("hash_exists"). */
  #htable = new Set<string>();
  #logFault?: LogFault;

  constructor(o: EmulatedDeviceOptions) {
    this.#o = o;
    this.#log = o.logger ?? silentLogger;
    this.policyText = o.policy;
    this.policy = parseImaPolicy(o.policy);
    const other = this.policy.rules.find((r) => r.template && r.template !== "ima-ng");
    if (other) throw new HarnessError("INVALID_INPUT", `ima policy line ${other.line} asks for template ${other.template}; the emulation writes ima-ng only`);
    this.flavour = o.flavour ?? "cca";
    if (o.rim.length !== 32) throw new HarnessError("INVALID_INPUT", `rim is ${o.rim.length} bytes; the emulated realm measures with SHA-256 (32 bytes)`);
    this.rim = Buffer.from(o.rim);
    const curve = keyCurve(o.cpakPrivateKey);
    if (curve !== "secp384r1" && curve !== "prime256v1") throw new HarnessError("INVALID_INPUT", `cpakPrivateKey must be a P-384 or P-256 key, got ${curve ?? o.cpakPrivateKey.asymmetricKeyType}`);
    this.#platformAlgorithm = curve === "prime256v1" ? "ES256" : "ES384";
    this.foreignPlatformKey = o.foreignPlatformKey ?? generateKeyPairSync("ec", { namedCurve: curve }).privateKey;
    if (o.imaDir) mkdirSync(o.imaDir, { recursive: true });
    this.#boot();
  }

  /** How many times the realm booted (1 after construction; +1 per reboot). */
  get boots(): number {
    return this.#boots;
  }

  /** The true log, boot_aggregate first (what REM[0] covers). */
  get entries(): readonly ImaLogEntry[] {
    return this.#entries;
  }

  /** The realm's REM[0] now. */
  rem0(): Buffer {
    return Buffer.from(this.#realm.readRem(0));
  }

  get rakPublicKey(): KeyObject {
    return this.#realm.rakPublicKey;
  }

  /** Starts over: new RAK, zero REMs, a log with only boot_aggregate, the measurement cache empty, no log fault. */
  reboot(): void {
    this.#boot();
    this.#log.info({ boot: this.#boots, rem0: this.rem0().toString("hex") }, "realm rebooted");
  }

  /** FILE_CHECK/BPRM_CHECK for one open: measured when the policy says so, once per (path, content) like ima_htable. */
  onOpen(event: OpenEvent): MeasureOutcome {
    const imaEvent: ImaEvent = {
      func: event.func,
      mask: event.mask,
      uid: event.uid ?? UNKNOWN_ID,
      euid: event.euid ?? UNKNOWN_ID,
      gid: event.gid ?? UNKNOWN_ID,
      egid: event.egid ?? event.gid ?? UNKNOWN_ID,
      fowner: event.fowner,
      fgroup: event.fgroup,
      path: event.path,
      ...(event.fsmagic != null ? { fsmagic: event.fsmagic } : {}),
    };
    const decision = policyDecides(this.policy, imaEvent);
    if (!decision.measure) return { result: "not_in_policy", decision };
    if (!event.sha256 || !/^[0-9a-f]{64}$/.test(event.sha256)) {
      this.#log.error({ path: event.path, fowner: event.fowner, pid: event.pid }, "the policy measures this open but the fanotify helper did not hash it");
      return { result: "unhashed", decision };
    }
    const entry = imaNgEntry(event.path, Buffer.from(event.sha256, "hex"), { pcr: decision.pcr });
    const key = `${entry.pcr}:${entry.templateHash.toString("hex")}`;
    if (this.#htable.has(key)) return { result: "cached", decision, entry };
    this.#append(entry);
    this.#writeLogs();
    this.#log.info({ path: event.path, sha256: event.sha256, pid: event.pid, role: event.role, container: event.container, uid: event.uid, func: event.func, entries: this.#entries.length }, "measured");
    return { result: "measured", decision, entry };
  }

  /** The token for a 64-byte challenge (what outblob holds), with the faults of faults.json applied. */
  attest(challenge: Uint8Array): Buffer {
    const faults = readDeviceFaults(this.#o.faultsFile);
    this.#requests++;
    this.#applyLogFault(faults);
    let realm = this.#realm;
    if (faults.foreignPlatformKey || faults.rimOverrideHex) {
      if (faults.foreignPlatformKey && this.flavour === "virtcca") this.#log.warn("foreignPlatformKey has no effect on a virtcca (realm-only) token");
      realm = this.#makeRealm(faults.foreignPlatformKey ? this.foreignPlatformKey : this.#o.cpakPrivateKey, faults.rimOverrideHex ? Buffer.from(faults.rimOverrideHex, "hex") : this.rim);
      for (const e of this.#entries) realm.recordImaMeasurement(templateHash(e.templateData, "sha256"));
    }
    const token = Buffer.from(realm.attest(challenge));
    this.#log.info(
      { request: this.#requests, challenge: Buffer.from(challenge).toString("hex"), rem0: this.rem0().toString("hex"), entries: this.#entries.length, faults: activeFaults(faults), tokenBytes: token.length },
      "token issued",
    );
    return token;
  }

  /** The log as exposed in the files: the true log, or the truncated/reordered one of an imaLog fault. */
  exposedEntries(): ImaLogEntry[] {
    const all = [...this.#entries];
    const f = this.#logFault;
    if (!f) return all;
    if (f.kind === "truncate") return all.slice(0, Math.max(0, f.at - 1)); // stops before the last entry the token covered
    const [i, j] = f.at >= 3 ? [f.at - 2, f.at - 1] : [0, 1]; // boot_aggregate stays first when there is anything else to swap
    if (j < all.length) [all[i], all[j]] = [all[j]!, all[i]!];
    return all;
  }

  #boot(): void {
    this.#boots++;
    this.#rak = generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey;
    this.#realm = this.#makeRealm(this.#o.cpakPrivateKey, this.rim);
    this.#entries = [];
    this.#htable = new Set();
    this.#logFault = undefined;
    this.#append(imaNgEntry(BOOT_AGGREGATE, this.rim));
    if (this.#o.imaDir) writeFileAtomic(join(this.#o.imaDir, "policy"), this.policyText.endsWith("\n") ? this.policyText : `${this.policyText}\n`);
    this.#writeLogs();
  }

  #makeRealm(cpak: KeyObject, rim: Uint8Array): EmulatedCcaRealm {
    // a plain Uint8Array: cbor2 does not encode a Node Buffer as a bstr
    const format = this.#o.tokenFormat ? { tokenFormat: this.#o.tokenFormat } : {};
    return new EmulatedCcaRealm({ flavour: this.flavour, ...format, cpakPrivateKey: cpak, platformAlgorithm: this.#platformAlgorithm, rakPrivateKey: this.#rak, rim: new Uint8Array(rim) });
  }

  // ima_add_template_entry: into the list and the htable, then the "TPM" (here REM[0], virtCCA style: SHA-256 of the template data)
  #append(entry: ImaLogEntry): void {
    this.#entries.push(entry);
    this.#htable.add(`${entry.pcr}:${entry.templateHash.toString("hex")}`);
    this.#realm.recordImaMeasurement(templateHash(entry.templateData, "sha256"));
  }

  #applyLogFault(faults: DeviceFaults): void {
    const before = this.#logFault;
    this.#logFault = faults.imaLog ? { kind: faults.imaLog, at: this.#entries.length } : undefined;
    if (faults.imaLog === "reorder" && this.#entries.length < 2) this.#log.warn({ entries: this.#entries.length }, "imaLog reorder: the log has only boot_aggregate, nothing to reorder");
    if (before || this.#logFault) this.#writeLogs();
  }

  #writeLogs(): void {
    if (!this.#o.imaDir) return;
    const entries = this.exposedEntries();
    writeFileAtomic(join(this.#o.imaDir, "binary_runtime_measurements"), writeBinaryLog(entries));
    writeFileAtomic(join(this.#o.imaDir, "ascii_runtime_measurements"), writeAsciiLog(entries));
  }
}

function activeFaults(f: DeviceFaults): string[] {
  return Object.entries(f)
    .filter(([k, v]) => v !== undefined && v !== false && k !== "replayEvidence")
    .map(([k, v]) => (v === true ? k : `${k}=${String(v)}`));
}
