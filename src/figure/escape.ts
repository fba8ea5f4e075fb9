/**
 * The one HTML/SVG escaper of Keel: every user string that reaches a page goes through it.
 * Escapes `&`, `<`, `>`, `"` and `'` as numeric references, so the result is safe in element
 * content and in quoted attribute values alike.
 * @example `escapeHtml('<b>"x"</b>') // '&#60;b&#62;&#34;x&#34;&#60;/b&#62;'`
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
