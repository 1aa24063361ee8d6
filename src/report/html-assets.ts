import { createHash } from 'node:crypto';

/** The page's only style sheet, inlined. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d2126; --muted: #5f6b7a; --bg: #fff; --panel: #f5f7fa;
  --line: #d8dee6; --good: #137333; --mid: #9a6700; --bad: #b3261e; --accent: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e3e6ea; --muted: #9aa5b1; --bg: #15181c;
  --panel: #1e2228; --line: #343a43; --good: #6dd58c; --mid: #f2c14e; --bad: #ff8a80; --accent: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; font: 14px/1.45 system-ui, sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { margin-top: 2rem; } h3 { margin: 1.5rem 0 .5rem; }
.muted, .generated { color: var(--muted); }
.alert { border: 2px solid var(--bad); border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0;
  background: color-mix(in srgb, var(--bad) 10%, transparent); }
.alert strong { color: var(--bad); }
.note { border-left: 4px solid var(--accent); padding: .25rem .75rem; margin: .5rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
tr.builtin td, tr.skipped td { color: var(--muted); }
.grade { font-weight: 700; text-align: center; }
.g-S, .g-A { color: var(--good); } .g-B, .g-C { color: var(--mid); } .g-D, .g-F { color: var(--bad); }
.status-bad { color: var(--bad); font-weight: 600; } .status-ok { color: var(--good); }
a { color: var(--accent); }
details.run { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; background: var(--panel); }
details.run > summary { cursor: pointer; padding: .4rem .75rem; font-weight: 600; }
details.run > .body { padding: 0 .75rem .75rem; }
details.run:target { outline: 2px solid var(--accent); }
.body[data-details] { color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-word; background: var(--bg); border: 1px solid var(--line);
  border-radius: 4px; padding: .5rem; margin: .25rem 0; max-height: 28rem; overflow: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.msg { border-left: 3px solid var(--line); padding-left: .6rem; margin: .5rem 0; }
.msg .role { font-weight: 600; text-transform: uppercase; font-size: .75rem; color: var(--muted); }
.msg.assistant { border-color: var(--accent); } .msg.tool.error { border-color: var(--bad); }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; } svg .axis { stroke: var(--muted); }
svg .grid { stroke: var(--line); } svg circle { fill: var(--accent); } svg .leader { stroke: var(--muted); }
td.status { white-space: nowrap; }
ul.failures { margin: .25rem 0; padding-left: 1.25rem; } ul.failures li { color: var(--bad); }
footer { margin-top: 2rem; color: var(--muted); font-size: .9rem; }
`;

/** The folder, next to report.html, that holds the run details of a big report. */
export const DETAILS_FOLDER = 'report-details';

/** Sortable tables and details that open when linked to; inlined, no network. */
export const REPORT_SCRIPT = `
(() => {
  const missing = (v) => v === '' || v === undefined;
  for (const table of document.querySelectorAll('table.sortable')) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((th, index) => {
      const button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        for (const other of headers) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', direction);
        const numeric = th.dataset.type === 'number';
        const body = table.tBodies[0];
        const value = (row) => {
          const cell = row.cells[index];
          return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = value(a);
          const y = value(b);
          if (missing(x) || missing(y)) return missing(x) === missing(y) ? 0 : missing(x) ? 1 : -1;
          const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return direction === 'ascending' ? order : -order;
        });
        body.append(...rows);
      });
    });
  }
  // A big report keeps run details in report-details/runs-N.js next to the page: opening a run
  // loads its file (a script: pages opened from disk may load scripts, not fetch files), which
  // hands the details to nanogradeRunDetails. The page's nonce lets exactly these scripts run.
  const nonce = document.currentScript ? document.currentScript.nonce : '';
  const requested = new Set();
  window.nanogradeRunDetails = (bodies) => {
    for (const [id, html] of Object.entries(bodies)) {
      const run = document.getElementById(id);
      const body = run ? run.querySelector(':scope > .body[data-details]') : null;
      if (!body) continue;
      body.innerHTML = html;
      body.removeAttribute('data-details');
    }
  };
  const loadDetails = (run) => {
    const body = run.querySelector(':scope > .body[data-details]');
    if (!body || requested.has(body.dataset.details)) return;
    const file = '${DETAILS_FOLDER}/runs-' + body.dataset.details + '.js';
    requested.add(body.dataset.details);
    const script = document.createElement('script');
    script.nonce = nonce;
    script.src = file;
    script.onerror = () => {
      requested.delete(body.dataset.details);
      body.textContent = 'This run\u2019s details are in ' + file + ', which is missing: keep the ${DETAILS_FOLDER} folder next to report.html.';
    };
    document.head.append(script);
  };
  document.addEventListener('toggle', (event) => {
    const run = event.target;
    if (run instanceof HTMLDetailsElement && run.classList.contains('run') && run.open) loadDetails(run);
  }, true);
  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (target && target.tagName === 'DETAILS') target.open = true;
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing may load from anywhere; only this style sheet and
 * this script (by hash) run, and the details files it loads itself (by `nonce`, fresh for each
 * report), so even a hostile model answer in the page cannot fetch or execute.
 */
export function reportCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(REPORT_CSS)}`,
    `script-src ${sha256(REPORT_SCRIPT)} 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
