import { describe, expect, it } from 'vitest';
import { unsafePath } from './dashboard-server.js';

describe('unsafePath', () => {
  it('accepts plain routes and refuses dot segments, encoded separators and backslashes', () => {
    for (const ok of ['/', '/runs/0', '/reports/12/report.json', '/studies/3?x=1']) expect(unsafePath(ok), ok).toBe(false);
    for (const bad of ['/..', '/../x', '/a/./b', '/%2e%2e/x', '/%2E./x', '/a%2fb', '/a%5cb', '/a\\b', '//etc', '/a%00', 'x', 'http://h/../x']) expect(unsafePath(bad), bad).toBe(true);
  });
});
