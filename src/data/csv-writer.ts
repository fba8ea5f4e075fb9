/**
 * Formats one CSV field: quoted (with inner quotes doubled) when it contains the delimiter, a
 * quote, a newline, or leading/trailing spaces; otherwise as is.
 *
 * @example
 * ```ts
 * csvField('a,b'); // '"a,b"'
 * ```
 */
export function csvField(value: string, delimiter = ','): string {
  if (
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r') ||
    (value.length > 0 && (value.trim() !== value))
  ) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

/**
 * Formats a CSV record (no line terminator).
 *
 * @example
 * ```ts
 * csvRow(['x', 'say "hi"']); // 'x,"say ""hi"""'
 * ```
 */
export function csvRow(values: readonly string[], delimiter = ','): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter);
}
