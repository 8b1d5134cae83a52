import { describe, expect, it } from "vitest";
import { VERIFIER_MODE_FILE, VERIFIER_NONCE_TTL_MS, VERIFIER_STATE_DIR, verifierContainerCommand, verifierStateArgs } from "./verifier-command.ts";

describe("verifier container command", () => {
  it("durable keeps everything in the state folder; memory keeps only the keys there", () => {
    expect(verifierStateArgs("durable")).toEqual(["--state-dir", VERIFIER_STATE_DIR]);
    expect(verifierStateArgs("memory")).toEqual(["--key-dir", VERIFIER_STATE_DIR]);
  });

  it("reads its state arguments from the mode file at each start, durable by default, with a long nonce TTL", () => {
    const [sh, flag, script] = verifierContainerCommand("shieldlab-x-verifier");
    expect([sh, flag]).toEqual(["bash", "-c"]);
    expect(script).toContain(`cat ${VERIFIER_MODE_FILE}`);
    expect(script).toContain(`echo --state-dir ${VERIFIER_STATE_DIR}`);
    expect(script).toMatch(/exec node \S+verifier\.cjs .*--host-name shieldlab-x-verifier .*--nonce-ttl-ms 600000 \$ARGS$/);
    expect(VERIFIER_NONCE_TTL_MS).toBeGreaterThan(300_000);
  });
});
