import { defineScenario, standaloneAttack, standaloneOutcome } from "../../harness/index.ts";

// Control of standalone/sa-rest-jws: the same REST submission with a token signed with the cluster's key: the master
// accepts it and a worker runs the driver (the marker with this run's nonce, the master's and worker's lines). So the
// refused request was a working submission, stopped by the filter alone.
export default defineScenario({
  name: "standalone/sa-rest-jws-control",
  description: "control: behind JWSFilter, the same REST submission with a valid token runs its driver on a worker",
  suites: ["standalone"],
  versions: { spark: "4.1.x" },
  topology: { manager: "standalone", workers: 1, tenants: ["alice"], jws: true },
  security: "auth",
  workload: [standaloneAttack({ id: "rest", via: "rest", token: "valid" })],
  finding: { kind: "control", evidence: "rest" },
  checkers: { rest: standaloneOutcome("rest", "ran") },
});
