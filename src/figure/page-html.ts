import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';

/** The one stylesheet of reports and the dashboard; printable, no external resources. */
export const STYLE = `
:root{--fg:#1a1a1a;--muted:#555;--line:#ccc;--pass:#007A5A;--warn:#E69F00;--fail:#B34700;--na:#666}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);margin:0 auto;max-width:1240px;padding:0 16px 48px}
header.top{display:flex;gap:16px;align-items:baseline;flex-wrap:wrap;border-bottom:2px solid var(--fg)}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}a{color:#0057a0}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:4px 0}.table-wrap{overflow-x:auto;max-width:100%}
.status{font-weight:700;white-space:nowrap}.status.pass{color:var(--pass)}.status.warn{color:#9a6700}.status.fail{color:var(--fail)}.status.not-run,.status.not-judged,.status.na{color:var(--na)}
.figures{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.figure{margin:0;border:1px solid var(--line);padding:6px;max-width:100%}
.figure svg{max-width:100%;height:auto;display:block}.figure.small svg{width:240px}figcaption{font-size:13px;color:var(--muted)}
section.area{border-top:1px solid var(--line);margin-top:24px}.note{color:var(--muted)}
details.data{font-size:13px;margin-top:4px}details.data summary{cursor:pointer;color:var(--muted)}.figure img{image-rendering:pixelated;display:block}
.gallery{display:flex;flex-wrap:wrap;gap:8px}.gallery .figure{width:180px}
.gallery .card{width:190px;border:1px solid var(--line);padding:6px;font-size:13px}.card h4{margin:0 0 4px;font-size:13px}.card img{image-rendering:pixelated;display:block}.card blockquote{margin:4px 0;overflow-wrap:anywhere}.card dl{display:grid;grid-template-columns:auto 1fr;gap:0 6px;margin:4px 0 0}.card dd{margin:0}
.hover{position:absolute;background:#fff;border:1px solid #555;padding:2px 6px;font-size:12px;pointer-events:none;max-width:360px}button.live{font:inherit;margin-left:auto}
form.compare fieldset{border:1px solid var(--line);margin:8px 0}form.compare ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:4px 16px}form.compare label{margin-right:12px}
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

/**
 * The policy of pages served with their own script (the dashboard): as above, plus scripts from
 * the page's own origin only (no inline script, no other host).
 */
export const SCRIPT_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; script-src 'self'`;

/** A page: title, optional navigation links and body HTML (already escaped by the caller). */
export interface PageParts {
  readonly title: string;
  readonly body: string;
  readonly nav?: readonly { readonly href: string; readonly label: string }[];
  /** Seconds between automatic reloads (live dashboard pages; done by `script`, which can pause them). */
  readonly refreshSeconds?: number;
  /** Path of a script on the page's own origin (the dashboard's), allowed by the CSP. */
  readonly script?: string;
}

/**
 * A complete, self-contained HTML document with the CSP as a meta tag.
 * @example `pageHtml({ title: 'Audit', body: '<p>ok</p>' })`
 */
export function pageHtml(p: PageParts): string {
  const nav = p.nav && p.nav.length > 0 ? `<nav aria-label="Sections"><ul>${p.nav.map((n) => `<li><a href="${escapeHtml(n.href)}">${escapeHtml(n.label)}</a></li>`).join('')}</ul></nav>` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(p.script === undefined ? CONTENT_SECURITY_POLICY : SCRIPT_CONTENT_SECURITY_POLICY)}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(p.title)}</title><style>${STYLE}</style>${p.script === undefined ? '' : `<script src="${escapeHtml(p.script)}" defer></script>`}</head>` +
    `<body${p.refreshSeconds === undefined ? '' : ` data-refresh="${Math.max(1, Math.round(p.refreshSeconds))}"`}><a class="skip" href="#main">Skip to content</a>${nav}<main id="main">${p.body}</main></body></html>`
  );
}
