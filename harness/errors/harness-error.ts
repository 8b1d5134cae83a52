// The one error class of the harness: a stable code, a message that says what/where/how long, the cause.
export const HarnessErrorCodes = [
  "ENGINE_UNAVAILABLE",
  "IMAGE_BUILD_FAILED",
  "CHECKSUM_MISMATCH",
  "INVALID_INPUT",
  "CLUSTER_START_FAILED",
  "CLUSTER_NOT_READY",
  "SUBMIT_FAILED",
  "YARN_API_ERROR",
  "TIMEOUT",
  "SCENARIO_LOAD_FAILED",
  "INTERRUPTED",
  "IMA_POLICY_INVALID",
  "CCA_TOKEN_INVALID",
  "RATLS_INVALID",
  "ATTESTATION_REFUSED",
  "VERIFIER_UNREACHABLE",
  "TSM_REPORT_FAILED",
  "DEVICE_UNAVAILABLE",
  /** A command run in a container (docker exec, docker cp) failed outside cluster start-up. */
  "EXEC_FAILED",
  /** A cluster layer (attestation, capture, proxy, KDC) could not configure, start or prepare. */
  "LAYER_FAILED",
  /** docker save / load of an image archive (`shieldlab images save|load`) failed. */
  "IMAGE_ARCHIVE_FAILED",
] as const;
export type HarnessErrorCode = (typeof HarnessErrorCodes)[number];

export interface HarnessErrorOptions {
  cause?: unknown;
  /** Tail of the relevant container or tool log, shown under the message. */
  logTail?: string;
  /** How to fix it, when the thrower knows better than the code's default hint (ERROR_HINTS). */
  hint?: string;
}

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly logTail?: string;
  readonly hint?: string;

  constructor(code: HarnessErrorCode, message: string, options: HarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HarnessError";
    this.code = code;
    this.logTail = options.logTail;
    this.hint = options.hint;
  }

  /** Message plus the log tail, for the console. */
  describe(): string {
    const tail = this.logTail?.trim();
    return tail ? `${this.message}\n--- last log lines ---\n${tail}` : this.message;
  }
}

export function isHarnessError(e: unknown, code?: HarnessErrorCode): e is HarnessError {
  return e instanceof HarnessError && (code === undefined || e.code === code);
}

/** Last `lines` lines of a text, for error messages. */
export function tailLines(text: string, lines = 30): string {
  const all = text.trimEnd().split("\n");
  return all.slice(Math.max(0, all.length - lines)).join("\n");
}
