// Escapes text for HTML element content and double-quoted attributes.
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escapes text for XML (JUnit): as for HTML, and drops the control characters XML 1.0 does not allow. */
export function escapeXml(s: string): string {
  return escapeHtml(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
