// Escapes text for the few places that build HTML strings (echarts' HTML tooltips). Model ids, names, families,
// class names and ONNX metadata come from files and imports, so any of them may carry markup (issue #15).

/**
 * `&`, `<`, `>`, `"` and `'` as numeric character references: safe as element content and inside quoted
 * attributes. Anything that is not a string (a number from an imported record) is converted first.
 */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
