import { defineScenario, snoopOutcome } from "../../harness/index.ts";

// ten-container-snoop, second half (seed 003 in docs/sources.md): tenants on separate labelled nodes. Each tenant has its own
// NodeManager fenced by a real YARN node label (exclusive partition; yarn rmadmin -addToClusterNodeLabels /
// -replaceLabelsOnNode), and only the tenant's queue may use it (accessible-node-labels, default-node-label-expression).
// bob's YARN container runs the same read as in the shared-node scenario, but the RM puts it on bob's node, where
// alice's container directory does not exist. bob also tries to reach alice's node: her label in his queue (the RM
// refuses the request), her queue (queue ACLs refuse it — so this needs the acls profile: without queue ACLs bob
// would simply submit to alice's queue), and relabelling her node with yarn rmadmin (yarn.admin.acl refuses it).
// Negative control: tenancy/ten-container-snoop — one shared NodeManager, the same read succeeds (vulnerable).
export default defineScenario({
  name: "tenancy/ten-container-snoop-labelled",
  description:
    "defended (impossible): alice and bob on dedicated NodeManagers with exclusive YARN node labels and queue ACLs; bob's container runs on his node and alice's path is absent there; bob's requests for her label, her queue and relabelling her node are refused by the RM. Negative control: tenancy/ten-container-snoop (shared NodeManager, vulnerable)",
  suites: ["default", "tenancy"],
  topology: { nodeManagers: 2, tenants: ["alice", "bob"], dedicatedNodes: true },
  security: "acls",
  workload: [{ kind: "container-snoop", id: "snoop", victim: "alice", attacker: "bob" }],
  finding: {
    kind: "defended",
    control: ["tenancy/ten-container-snoop-labelled-control", "tenancy/ten-container-snoop"],
    evidence: "snoop",
  },
  checkers: { snoop: snoopOutcome("snoop", "impossible") },
});
