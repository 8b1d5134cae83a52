// Replacing a text file on a running node: written beside it, then moved over it, so a reader (a daemon re-reading its
// configuration, a spark-submit starting) never sees half a file.

/**
 * Writes `text` to `path` on `node` (world-readable: umask 022). The text goes in through the exec's environment, not
 * the command line. Throws naming the node and path when the write fails.
 */
export async function replaceNodeFile(
  cluster: { exec(node: string, cmd: string[], o?: { env?: Record<string, string> }): Promise<{ exitCode: number; stderr: string }> },
  node: string,
  path: string,
  text: string,
): Promise<void> {
  const r = await cluster.exec(node, ["bash", "-c", `umask 022; printf %s "$SHIELDLAB_FILE_TEXT" > '${path}.tmp' && mv '${path}.tmp' '${path}'`], { env: { SHIELDLAB_FILE_TEXT: text } });
  if (r.exitCode !== 0) throw new Error(`could not write ${path} on ${node}: ${r.stderr.trim().slice(0, 200)}`);
}
