import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Compiles optuna-mistakes.ts as written (it must compile: every marked mistake is an error the
// directive expects) and with the directives blanked out (each marked line must then fail, with
// the message fragment written beside its directive, and no other line may fail).
const root = join(import.meta.dirname, '..', '..');
const file = join(import.meta.dirname, 'optuna-mistakes.ts');
const blanked = join(import.meta.dirname, 'optuna-mistakes.blanked.ts');
const DIRECTIVE = /^\s*\/\/ @ts-expect-error (.+)$/;

function compile(): { asWritten: readonly ts.Diagnostic[]; withoutDirectives: readonly ts.Diagnostic[]; expected: Map<number, string> } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const expected = new Map<number, string>();
  lines.forEach((l, i) => {
    const m = DIRECTIVE.exec(l);
    if (m) expected.set(i + 1, m[1]!.trim());
  });
  const stripped = lines.map((l) => (DIRECTIVE.test(l) ? '' : l)).join('\n');
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
  const options = { ...config!.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => (name === blanked ? ts.createSourceFile(name, stripped, lang) : getSourceFile(name, lang, onError, create));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === blanked || fileExists(name);
  const program = ts.createProgram([file, blanked], options, host);
  const diagnostics = (name: string): readonly ts.Diagnostic[] => {
    const sf = program.getSourceFile(name)!;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  };
  return { asWritten: diagnostics(file), withoutDirectives: diagnostics(blanked), expected };
}

const describeDiagnostic = (d: ts.Diagnostic): string => `line ${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;

describe('the Optuna mistakes do not compile (issue 19)', () => {
  it('the correct spellings compile; each marked mistake fails with its own message and nothing else fails', () => {
    const { asWritten, withoutDirectives, expected } = compile();
    expect(asWritten.map(describeDiagnostic)).toEqual([]);
    expect(expected.size).toBe(7);
    const byLine = new Map<number, string[]>();
    for (const d of withoutDirectives) {
      const line = d.file!.getLineAndCharacterOfPosition(d.start!).line;
      byLine.set(line, [...(byLine.get(line) ?? []), ts.flattenDiagnosticMessageText(d.messageText, ' ')]);
    }
    // Line numbers are 0-based here; a directive on line k guards line k + 1 (1-based: k + 1 is the 0-based index of the next line).
    expect([...byLine.keys()].sort((a, b) => a - b), withoutDirectives.map(describeDiagnostic).join('\n')).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const [line, fragment] of expected) expect(byLine.get(line)!.join(' | ')).toContain(fragment);
  });
});
