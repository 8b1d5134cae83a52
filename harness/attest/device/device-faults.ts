// The fault file of the emulated device (/run/shieldlab/faults.json), read on every token request: absent = no faults.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { HarnessError } from "../../errors/harness-error.ts";
import { formatZodError } from "../../util/zod-format.ts";

export const DeviceFaultsSchema = z.strictObject({
  /** Sign the platform token with a key the verifier does not endorse (made at daemon start). */
  foreignPlatformKey: z.boolean().optional(),
  /** Report this RIM (hex of 32, 48 or 64 bytes) instead of the image's. */
  rimOverrideHex: z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/, "hex of 32, 48 or 64 bytes").optional(),
  /** Expose a binary/ASCII log that no longer replays to REM[0] (REM[0] itself stays true). */
  imaLog: z.enum(["truncate", "reorder"]).optional(),
  /** Applied by the RA-TLS client, not the device: re-send the last evidence. */
  replayEvidence: z.boolean().optional(),
  /** Applied by the RA-TLS client: hand back a forged affirming EAR signed by a fresh key (att-forged-ear). */
  forgeEar: z.boolean().optional(),
  /** Applied by the Spark plugin on the node: the executor skips attestation, as if its own conf said off (att-skip-plugin). */
  skipAttestation: z.boolean().optional(),
});
export type DeviceFaults = z.output<typeof DeviceFaultsSchema>;

/** The faults in `file` now; {} when it does not exist. A malformed file throws (the request then fails, loudly). */
export function readDeviceFaults(file: string | undefined): DeviceFaults {
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new HarnessError("INVALID_INPUT", `fault file ${file}: ${(e as Error).message}`, { cause: e });
  }
  if (!text.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HarnessError("INVALID_INPUT", `fault file ${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const r = DeviceFaultsSchema.safeParse(json);
  if (!r.success) throw new HarnessError("INVALID_INPUT", `fault file ${file}: ${formatZodError(r.error)}`);
  return r.data;
}
