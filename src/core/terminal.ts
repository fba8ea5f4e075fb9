/** Text that reaches the user's terminal: control characters from data are shown, never obeyed. */

/** An output stream as progress and warnings see it (process.stderr, or a test double). */
export interface TerminalStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

// C0 controls, DEL, C1 controls, line/paragraph separators and bidirectional overrides.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Escapes control characters (ANSI escapes, carriage returns, bidi overrides, ...) so text from
 * data cannot rewrite the terminal: `\x1b[2J` prints as the six characters `\x1b[2J`.
 * @example `escapeControl('a\x1b[31mb'); // 'a\\x1b[31mb'`
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Prints `keel: warning: <message>` on stderr, one line, control characters escaped.
 * @example `warn('execution provider "cuda" unavailable; running on cpu');`
 */
export function warn(message: string, stream: TerminalStream = process.stderr): void {
  stream.write(`keel: warning: ${escapeControl(message)}\n`);
}
