import { defineScenario, snoopOutcome } from "../../harness/index.ts";

// Control of tenancy/ten-container-snoop-labelled's escape checks: the same dedicated, labelled NodeManagers, but no
// YARN ACLs (plain profile: no queue ACLs, yarn.admin.acl "*"). Node labels alone are no fence: bob submits to
// alice's queue with her label and his container reads her file on her node, and his yarn rmadmin relabelling is
// accepted (the harness puts her label back). His own label request is still refused (a queue-label check, not an ACL).
export default defineScenario({
  name: "tenancy/ten-container-snoop-labelled-control",
  description:
    "control: dedicated labelled NodeManagers without YARN ACLs — bob's submission to alice's queue with her label runs on her node and reads her file; his yarn rmadmin relabelling of her node is accepted",
  suites: ["default", "tenancy"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob"], dedicatedNodes: true },
  security: "plain",
  workload: [{ kind: "container-snoop", id: "snoop", victim: "alice", attacker: "bob" }],
  finding: { kind: "control", evidence: "snoop" },
  checkers: { snoop: snoopOutcome("snoop", "escaped") },
});
