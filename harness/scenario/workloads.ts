// The workload's vocabulary for scenario files and tools: the step union (built by the step registry), the jobs and
// each step kind's helpers. Each step kind lives in its own module under harness/steps/.
export { WorkloadStepSchema, type WorkloadStep } from "../steps/step-registry.ts";
export { JOBS, SubmitStepSchema, driverTarget, longPi, shuffleJob, sparkPi, uiTarget, type JobName, type SubmitStep, type SubmitStepInput } from "../steps/spark-submit-step.ts";
export { rmKill } from "../steps/rm-kill-step.ts";
export { rogueRpcClient } from "../steps/rogue-rpc-step.ts";
export { tamperFile } from "../steps/tamper-file-step.ts";
export { attestFault } from "../steps/attest-fault-step.ts";
export { verifierOutage } from "../steps/verifier-outage-step.ts";
export { mitmTamper } from "../steps/mitm-tamper-step.ts";
