import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';

/** The one stylesheet of reports and the dashboard; printable, no external resources. */
export const STYLE = `
:root{--fg:#1a1a1a;--muted:#555;--line:#ccc;--pass:#009E73;--warn:#E69F00;--fail:#D55E00;--na:#777}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);margin:0 auto;max-width:1240px;padding:0 16px 48px}
header.top{display:flex;gap:16px;align-items:baseline;flex-wrap:wrap;border-bottom:2px solid var(--fg)}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}a{color:#0057a0}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:4px 0}.table-wrap{overflow-x:auto;max-width:100%}
.status{font-weight:700;white-space:nowrap}.status.pass{color:var(--pass)}.status.warn{color:#9a6700}.status.fail{color:var(--fail)}.status.not-run,.status.not-judged,.status.na{color:var(--na)}
.figures{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.figure{margin:0;border:1px solid var(--line);padding:6px;max-width:100%}
.figure svg{max-width:100%;height:auto;display:block}.figure.small svg{width:160px}figcaption{font-size:13px;color:var(--muted)}
section.area{border-top:1px solid var(--line);margin-top:24px}.note{color:var(--muted)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
@media print{nav,.skip{display:none}section.area{break-inside:avoid-page}.figure{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

/** `sha256-…` source of {@link STYLE} for the Content-Security-Policy. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The Content-Security-Policy of every page: no scripts, no network, only the inline stylesheet
 * (by hash) and data: images. Pages carry it as a meta tag; the dashboard also sends it as a
 * header with `frame-ancestors 'none'` (a directive browsers ignore, with a console error, in meta).
 */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;

/** A page: title, optional navigation links and body HTML (already escaped by the caller). */
export interface PageParts {
  readonly title: string;
  readonly body: string;
  readonly nav?: readonly { readonly href: string; readonly label: string }[];
  /** Seconds between automatic reloads (live dashboard pages). */
  readonly refreshSeconds?: number;
}

/**
 * A complete, self-contained HTML document with the CSP as a meta tag.
 * @example `pageHtml({ title: 'Audit', body: '<p>ok</p>' })`
 */
export function pageHtml(p: PageParts): string {
  const nav = p.nav && p.nav.length > 0 ? `<nav aria-label="Sections"><ul>${p.nav.map((n) => `<li><a href="${escapeHtml(n.href)}">${escapeHtml(n.label)}</a></li>`).join('')}</ul></nav>` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    (p.refreshSeconds === undefined ? '' : `<meta http-equiv="refresh" content="${Math.max(1, Math.round(p.refreshSeconds))}">`) +
    `<title>${escapeHtml(p.title)}</title><style>${STYLE}</style></head>` +
    `<body><a class="skip" href="#main">Skip to content</a>${nav}<main id="main">${p.body}</main></body></html>`
  );
}
