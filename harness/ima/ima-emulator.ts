// An emulated IMA: a policy, an in-memory measurement log, and REM[0] / PCR values extended as the kernel would.
import { createHash } from "node:crypto";
import { HarnessError } from "../errors/harness-error.ts";
import { writeAsciiLog } from "./ima-ascii-log.ts";
import { writeBinaryLog } from "./ima-binary-log.ts";
import { policyDecides, type ImaDecision, type ImaEvent } from "./ima-policy-match.ts";
import { parseImaPolicy, type ImaPolicy } from "./ima-policy.ts";
import { initialReplayState, replayEntries, type ReplayState } from "./ima-replay.ts";
import { BOOT_AGGREGATE, imaNgEntry, TEMPLATE_HASH_SIZE, violationEntry, type ImaLogEntry } from "./ima-template.ts";

/** A file read as a hook (or, later, a fanotify helper) reports it; func/mask default to FILE_CHECK/MAY_READ. */
export interface FileReadEvent extends Omit<ImaEvent, "func" | "mask"> {
  content: Uint8Array | string;
  func?: ImaEvent["func"];
  mask?: ImaEvent["mask"];
}

export interface ImaEmulatorOptions {
  /** Policy text (the grammar of /sys/kernel/security/ima/policy) or a parsed policy. */
  policy: string | ImaPolicy;
  /** The boot_aggregate digest, SHA-256 (on virtCCA: the RIM); zeros when no TPM/RIM, as Linux logs it. */
  bootAggregate?: Uint8Array;
}

export interface FileReadOutcome {
  decision: ImaDecision;
  /** "measured": a new entry; "not_in_policy": no measure rule matched; "cached": this content was measured already. */
  result: "measured" | "not_in_policy" | "cached";
  entry?: ImaLogEntry;
}

export class ImaEmulator {
  readonly policy: ImaPolicy;
  readonly #entries: ImaLogEntry[] = [];
  #state: ReplayState = initialReplayState();
  /** What the kernel's iint cache remembers: per PCR and path, the digest already measured. */
  readonly #measured = new Map<string, string>();

  constructor(options: ImaEmulatorOptions) {
    this.policy = typeof options.policy === "string" ? parseImaPolicy(options.policy) : options.policy;
    const other = this.policy.rules.find((r) => r.template && r.template !== "ima-ng");
    if (other) throw new HarnessError("INVALID_INPUT", `ima emulator: policy line ${other.line} asks for template ${other.template}; the emulation writes ima-ng only`);
    const boot = options.bootAggregate ?? Buffer.alloc(32);
    this.#append(imaNgEntry(BOOT_AGGREGATE, boot));
  }

  /** Measures a read when the policy says so (first match), once per unchanged content, and extends REM[0]. */
  onFileRead(event: FileReadEvent): FileReadOutcome {
    const { content, func = "FILE_CHECK", mask = ["MAY_READ"], ...rest } = event;
    const decision = policyDecides(this.policy, { ...rest, func, mask });
    if (!decision.measure) return { decision, result: "not_in_policy" };
    const digest = createHash("sha256").update(content).digest();
    const key = `${decision.pcr}\0${event.path}`;
    if (this.#measured.get(key) === digest.toString("hex")) return { decision, result: "cached" };
    this.#measured.set(key, digest.toString("hex"));
    const entry = imaNgEntry(event.path, digest, { pcr: decision.pcr });
    this.#append(entry);
    return { decision, result: "measured", entry };
  }

  /** Logs a violation (ToMToU, open-writers) for a path: zero digests in the log, 0xFF into PCR and REM[0]. */
  onViolation(path: string, pcr?: number): ImaLogEntry {
    const entry = violationEntry(path, { pcr });
    this.#append(entry);
    return entry;
  }

  /** The entries, boot_aggregate first. */
  get entries(): readonly ImaLogEntry[] {
    return this.#entries;
  }

  /** /sys/kernel/security/ima/ascii_runtime_measurements. */
  asciiLog(): string {
    return writeAsciiLog(this.#entries);
  }

  /** /sys/kernel/security/ima/binary_runtime_measurements. */
  binaryLog(): Buffer {
    return writeBinaryLog(this.#entries);
  }

  /** The current REM[0] (a copy). */
  rem0(): Buffer {
    return Buffer.from(this.#state.rem0);
  }

  /** The SHA-1 bank value of a PCR (default 10). */
  pcr(index = 10): Buffer {
    return Buffer.from(this.#state.pcrs.get(index) ?? Buffer.alloc(TEMPLATE_HASH_SIZE));
  }

  #append(entry: ImaLogEntry): void {
    this.#entries.push(entry);
    this.#state = replayEntries([entry], this.#state);
  }
}
