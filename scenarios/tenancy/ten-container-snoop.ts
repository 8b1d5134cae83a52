import { defineScenario, snoopOutcome } from "../../harness/index.ts";

// ten-container-snoop (seed 003 in docs/sources.md) — a documented weakness of this cluster: with the DefaultContainerExecutor every
// YARN container runs as the NodeManager's OS user, so bob's container reads a file inside alice's container
// directory on the shared NodeManager. The finding carries the container-executor audit with each fix
// (LinuxContainerExecutor, a root-owned ---Sr-s--- container-executor, container-executor.cfg, yarn:hadoop dirs).
// It is the negative control of tenancy/ten-container-snoop-labelled (tenants on dedicated, labelled nodes: defended).
export default defineScenario({
  name: "tenancy/ten-container-snoop",
  description: "documented weakness (reported vulnerable): on a shared NodeManager with DefaultContainerExecutor, bob's YARN container reads alice's container files; the audit lists each deviation from seed 003; negative control of tenancy/ten-container-snoop-labelled (dedicated labelled nodes: defended)",
  suites: ["default", "tenancy"],
  topology: { nodeManagers: 1, tenants: ["alice", "bob"] },
  security: "plain",
  workload: [{ kind: "container-snoop", id: "snoop", victim: "alice", attacker: "bob" }],
  finding: {
    kind: "documented-weakness",
    evidence: "snoop",
    fix: "LinuxContainerExecutor with a root-owned ---Sr-s--- container-executor, container-executor.cfg (banned.users, min.user.id, allowed.system.users) and yarn:hadoop dirs; or tenants on dedicated labelled NodeManagers with queue ACLs (ten-container-snoop-labelled)",
  },
  checkers: { snoop: snoopOutcome("snoop", "read") },
});
