// Public API for scenario files and library users.
export { defineScenario } from "./scenario/scenario-schema.ts";
export { driverTarget, uiTarget, longPi, rmKill, rogueRpcClient, shuffleJob, sparkPi } from "./scenario/workloads.ts";
export { appState } from "./checkers/app-state-checker.ts";
export { piWithin } from "./checkers/pi-estimate-checker.ts";
export { driverOutputMatches } from "./checkers/driver-output-checker.ts";
export { ClusterBuilder } from "./cluster/cluster-builder.ts";
export { StartedCluster } from "./cluster/started-cluster.ts";
export { HarnessError } from "./errors/harness-error.ts";
export { canaryOnWire } from "./checkers/wire-canary-checker.ts";
export { streamEntropy } from "./checkers/wire-entropy-checker.ts";
export { killOutcome } from "./checkers/rm-kill-checker.ts";
export { rogueOutcome } from "./checkers/rogue-rpc-checker.ts";
export { yarnSecretOnWire } from "./checkers/yarn-secret-checker.ts";
export { tlsOnWire } from "./checkers/wire-tls-checker.ts";
export { aclMatrixHolds } from "./checkers/acl-matrix-checker.ts";
export { snoopOutcome } from "./checkers/snoop-checker.ts";
export { uiTlsOutcome } from "./checkers/ui-tls-checker.ts";
