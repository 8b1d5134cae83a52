// The MIT Kerberos configuration files of a cluster's realm: krb5.conf for every node (clients and daemons) and the
// KDC's own kdc.conf. Pure text, no Docker.

export interface RealmSettings {
  realm: string;
  /** The KDC's fully qualified host name on the cluster network. */
  kdcHost: string;
  /** The cluster's DNS domain (every node's host name ends in it). */
  domain: string;
  /** Longest ticket the KDC issues (kdc.conf max_life), e.g. "1h". */
  maxLife?: string;
}

/** /etc/krb5.conf: an explicit KDC (no DNS lookups), TCP only (no UDP fragments on bridges), no reverse DNS. */
export function renderKrb5Conf(s: RealmSettings): string {
  return `# rendered by shieldlab for the cluster's own realm
[libdefaults]
  default_realm = ${s.realm}
  dns_lookup_realm = false
  dns_lookup_kdc = false
  udp_preference_limit = 1
  rdns = false
  ticket_lifetime = ${s.maxLife ?? "1h"}
  forwardable = true
  # every container shares this machine's clock: a tight skew lets an expired ticket be refused within seconds
  clockskew = 5

[realms]
  ${s.realm} = {
    kdc = ${s.kdcHost}
    admin_server = ${s.kdcHost}
  }

[domain_realm]
  .${s.domain} = ${s.realm}
  ${s.domain} = ${s.realm}
`;
}

/** /etc/krb5kdc/kdc.conf: the realm's database and key types; the KDC logs every request to its console. */
export function renderKdcConf(s: RealmSettings): string {
  return `# rendered by shieldlab
[kdcdefaults]
  kdc_tcp_listen = 88
  kdc_listen = 88

[realms]
  ${s.realm} = {
    database_name = /var/lib/krb5kdc/principal
    key_stash_file = /etc/krb5kdc/stash
    max_life = ${s.maxLife ?? "1h"}
    max_renewable_life = 1d
    master_key_type = aes256-cts-hmac-sha1-96
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }

[logging]
  kdc = STDERR
  default = STDERR
`;
}
