// Emulated Linux IMA: policy, measurement logs (ASCII and binary, ima-ng), replay, Keylime runtime policy, emulator.
export * from "./ima-policy-keywords.ts";
export { parseImaPolicy, parseImaRule, type ImaPolicy, type ImaRule, type ImaIdCondition, type ImaMaskCondition } from "./ima-policy.ts";
export { matches, policyDecides, maskBits, type ImaEvent, type ImaDecision } from "./ima-policy-match.ts";
export * from "./ima-template.ts";
export * from "./ima-binary-log.ts";
export * from "./ima-ascii-log.ts";
export * from "./ima-replay.ts";
export { IncrementalReplay } from "./ima-incremental-replay.ts";
export * from "./keylime-runtime-policy.ts";
export * from "./keylime-appraise.ts";
export { ImaEmulator, type FileReadEvent, type FileReadOutcome, type ImaEmulatorOptions } from "./ima-emulator.ts";
