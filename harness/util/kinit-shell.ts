// The shell every Kerberos client of the harness runs before its command: keep a valid ticket, or get one from a keytab.
/**
 * Shell that leaves a valid ticket in $KRB5CCNAME: the one already there, else one from `keytab` (as `kinit -kt` by
 * hand). `optional`: a missing or unreadable keytab leaves the cache empty instead of failing the command.
 */
export function kinitIfNoTicket(keytab: string, principal: string, o: { optional?: boolean } = {}): string {
  return o.optional
    ? `klist -s 2>/dev/null || { [ -r '${keytab}' ] && kinit -kt '${keytab}' '${principal}'; } || true`
    : `klist -s 2>/dev/null || kinit -kt '${keytab}' '${principal}'`;
}
