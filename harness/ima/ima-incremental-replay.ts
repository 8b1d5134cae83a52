// Replays a growing log piece by piece, keeping the byte offset and running values between reads (Keylime's lesson).
import { HarnessError } from "../errors/harness-error.ts";
import { parseBinaryLog } from "./ima-binary-log.ts";
import { initialReplayState, replayEntries, type ReplayState } from "./ima-replay.ts";
import type { ImaLogEntry } from "./ima-template.ts";

export class IncrementalReplay {
  #state: ReplayState;

  constructor(from: ReplayState = initialReplayState()) {
    this.#state = from;
  }

  /** Where the replay stands; pass `byteOffset` or `entries` to the next read. */
  get state(): ReplayState {
    return this.#state;
  }

  /** Feeds binary log bytes read from byte `offset`; returns the bytes consumed (an incomplete last record waits). */
  feedBinary(bytes: Uint8Array, offset: number): number {
    if (offset !== this.#state.byteOffset) {
      throw new HarnessError("INVALID_INPUT", `incremental IMA replay: bytes start at offset ${offset}, but the replay stands at ${this.#state.byteOffset} (a gap or an overlap)`);
    }
    const { entries, consumed } = parseBinaryLog(bytes, { baseOffset: offset, baseIndex: this.#state.entries, allowPartialTail: true });
    this.#state = replayEntries(entries, this.#state);
    return consumed;
  }

  /** Feeds parsed entries whose first has index `fromEntry` (an ASCII reader counts lines). */
  feedEntries(entries: readonly ImaLogEntry[], fromEntry: number): void {
    if (fromEntry !== this.#state.entries) {
      throw new HarnessError("INVALID_INPUT", `incremental IMA replay: entries start at index ${fromEntry}, but the replay stands at ${this.#state.entries} (a gap or an overlap)`);
    }
    this.#state = replayEntries(entries, this.#state);
  }

  /** True when the running REM[0] equals `expected`. */
  rem0Matches(expected: Uint8Array): boolean {
    return Buffer.from(expected).equals(this.#state.rem0);
  }
}
