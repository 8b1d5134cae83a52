// Hadoop secure mode as configuration: the realm, the principals each node and tenant has, where their keytabs live,
// and the core-site / yarn-site entries (names exactly as Hadoop spells them). A KDC layer makes the principals real.
import type { Properties } from "./hadoop-xml.ts";
import type { KerberosOptions } from "./security-profile.ts";
import { GATEWAY_NODE, RM_NODE, hostOf, type ClusterHosts } from "./cluster-config.ts";
import { nodeManagerNames, type Topology } from "./topology.ts";

/** The cluster's Kerberos realm (every cluster has its own KDC, so one name serves all). */
export const KERBEROS_REALM = "SHIELDLAB.TEST";
/** Each daemon node's keytab (its service principal and HTTP/<host>), readable by root only. */
export const NODE_KEYTAB = "/etc/security/keytabs/node.keytab";
/** The harness's own identity on the gateway (YARN admin, for the REST calls the harness makes), root only. */
export const HARNESS_KEYTAB = "/etc/security/keytabs/harness.keytab";
/** The harness's principal: short name `yarn`, the YARN admin when ACLs are on. */
export const HARNESS_PRINCIPAL = `yarn@${KERBEROS_REALM}`;
/** Where the harness keeps its ticket cache on the gateway (root only). */
export const HARNESS_CCACHE = "/root/.krb5cc-harness";

/** A tenant's keytab on the gateway, readable only by the tenant's OS user. */
export function tenantKeytab(tenant: string): string {
  return `/home/${tenant}/${tenant}.keytab`;
}

/** A tenant's ticket cache on the gateway, in its own home (no other tenant can plant a file there first). */
export function tenantCcache(tenant: string): string {
  return `/home/${tenant}/.krb5cc-shieldlab`;
}

export function tenantPrincipal(tenant: string): string {
  return `${tenant}@${KERBEROS_REALM}`;
}

/** One keytab to make: its principals and the node (and path, owner) it goes to. */
export interface KeytabSpec {
  node: string;
  path: string;
  principals: string[];
  /** OS user that owns the file (mode 0400); root when absent. */
  owner?: string;
}

/** Every keytab a Kerberized cluster needs: RM and NMs (service + HTTP), the harness's, one per tenant. */
export function keytabsFor(t: Topology, hosts: ClusterHosts): KeytabSpec[] {
  const service = (node: string, svc: string): KeytabSpec => ({
    node,
    path: NODE_KEYTAB,
    principals: [`${svc}/${hostOf(hosts, node)}@${KERBEROS_REALM}`, `HTTP/${hostOf(hosts, node)}@${KERBEROS_REALM}`],
  });
  return [
    service(RM_NODE, "rm"),
    ...nodeManagerNames(t).map((n) => service(n, "nm")),
    { node: GATEWAY_NODE, path: HARNESS_KEYTAB, principals: [HARNESS_PRINCIPAL] },
    ...[...new Set(t.tenants)].map((tenant) => ({ node: GATEWAY_NODE, path: tenantKeytab(tenant), principals: [tenantPrincipal(tenant)], owner: tenant })),
  ];
}

const realmRe = KERBEROS_REALM.replace(/\./g, "\\.");

/** core-site entries of secure mode. */
export function secureCoreSite(k: KerberosOptions): Properties {
  const props: Array<[string, string | number | boolean]> = [
    ["hadoop.security.authentication", "kerberos"],
    ["hadoop.security.authorization", true],
    ["hadoop.rpc.protection", [k.rpcProtection].flat().join(",")],
    // the daemons' service principals act as the yarn user; tenants' one-part principals map to their own name
    ["hadoop.security.auth_to_local", [`RULE:[2:$1@$0](rm@${realmRe})s/.*/yarn/`, `RULE:[2:$1@$0](nm@${realmRe})s/.*/yarn/`, `RULE:[2:$1@$0](HTTP@${realmRe})s/.*/yarn/`, "DEFAULT"].join("\n")],
  ];
  if (k.spnego) {
    props.push(
      ["hadoop.http.filter.initializers", "org.apache.hadoop.security.AuthenticationFilterInitializer"],
      ["hadoop.http.authentication.type", "kerberos"],
      ["hadoop.http.authentication.simple.anonymous.allowed", false],
      ["hadoop.http.authentication.kerberos.principal", `HTTP/_HOST@${KERBEROS_REALM}`],
      ["hadoop.http.authentication.kerberos.keytab", NODE_KEYTAB],
    );
  }
  for (const [user, onBehalfOf] of Object.entries(k.proxyUsers)) {
    props.push([`hadoop.proxyuser.${user}.hosts`, "*"], [`hadoop.proxyuser.${user}.users`, onBehalfOf.join(",")]);
  }
  return props;
}

/** yarn-site entries of secure mode: the daemons' principals and keytabs, SPNEGO for their web apps. */
export function secureYarnSite(k: KerberosOptions): Properties {
  const props: Array<[string, string | number | boolean]> = [
    ["yarn.resourcemanager.principal", `rm/_HOST@${KERBEROS_REALM}`],
    ["yarn.resourcemanager.keytab", NODE_KEYTAB],
    ["yarn.nodemanager.principal", `nm/_HOST@${KERBEROS_REALM}`],
    ["yarn.nodemanager.keytab", NODE_KEYTAB],
  ];
  if (k.spnego) {
    props.push(
      ["yarn.resourcemanager.webapp.spnego-principal", `HTTP/_HOST@${KERBEROS_REALM}`],
      ["yarn.resourcemanager.webapp.spnego-keytab-file", NODE_KEYTAB],
      ["yarn.nodemanager.webapp.spnego-principal", `HTTP/_HOST@${KERBEROS_REALM}`],
      ["yarn.nodemanager.webapp.spnego-keytab-file", NODE_KEYTAB],
    );
  }
  return props;
}
