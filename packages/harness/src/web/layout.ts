/**
 * The one page layout the simulated sites share: each site has its own colour, so a
 * screenshot says where it was taken, and every page reads at phone width.
 */
import { escapeHtml } from './html.js';

/** A site's look: each simulated site has its own colour so screenshots say where they are. */
export interface Brand {
  name: string;
  accent: string;
}

export const BRANDS = {
  ontraport: { name: 'ONTRAPORT', accent: '#1f5fbf' },
  ultracart: { name: 'UltraCart', accent: '#16794c' },
  merchant: { name: 'Merchant', accent: '#b4531a' },
} satisfies Record<string, Brand>;

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f6f9}
header{background:var(--accent);color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:baseline}
header b{font-size:18px;letter-spacing:.3px}header span{opacity:.85;font-size:13px}
main{max-width:1100px;margin:0 auto;padding:20px 24px}
section{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:16px 20px;margin:0 0 16px}
h1{font-size:22px;margin:4px 0 12px}h2{font-size:16px;margin:0 0 10px;color:#3a4354}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef1f5;vertical-align:top}
th{font-weight:600;color:#5b6475;font-size:12px;text-transform:uppercase;letter-spacing:.4px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#7a8396}.empty{color:#9aa2b1;font-style:italic}
.tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eef1f5}
.tag.ok{background:#e1f4ea;color:#16794c}.tag.bad{background:#fde8e8;color:#b42318}.tag.warn{background:#fff4d6;color:#8a5a00}
a{color:var(--accent)}code{font:13px ui-monospace,Menlo,Consolas,monospace;background:#f1f3f7;padding:1px 4px;border-radius:4px;word-break:break-all}
form.grid{display:grid;grid-template-columns:1fr 1fr;gap:10px 16px}
label{display:flex;flex-direction:column;font-size:13px;color:#5b6475;gap:3px}
input,select{font:inherit;padding:7px 9px;border:1px solid #c9d0db;border-radius:6px}
button,.button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:8px 16px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#e7ebf1;color:#1d2330}
section>div{overflow-x:auto}
form.faults{display:flex;flex-wrap:wrap;gap:8px;align-items:center}form.faults label{flex-direction:row;align-items:center;gap:6px}form.faults input{width:5.5em}
table.query td{padding:2px 6px;font-size:13px}table.query code{word-break:normal;white-space:nowrap}details summary{cursor:pointer;color:var(--accent)}
@media (max-width:600px){main{padding:12px}section{padding:12px}header{padding:10px 12px;flex-wrap:wrap}form.grid{grid-template-columns:1fr}td code{word-break:normal;white-space:nowrap}
table.stack,table.stack>tbody{display:block}table.stack>thead{display:none}table.stack>tbody>tr{display:block;border-bottom:2px solid #dde2ea;padding:6px 0}
table.stack>tbody>tr>td{display:flex;gap:10px;border:0;padding:3px 4px;text-align:left;overflow-wrap:anywhere}table.stack>tbody>tr>td.num{text-align:left}
table.stack>tbody>tr>td::before{content:attr(data-label);flex:0 0 7.5em;font-size:12px;font-weight:600;color:#5b6475;text-transform:uppercase}
table.stack>tbody>tr>td>*{min-width:0}table.stack td code{word-break:break-all;white-space:normal}
table.stack>tbody>tr>td>details{flex:1 1 auto;overflow-x:auto}table.stack table.query code{word-break:normal;white-space:nowrap}}
.error{background:#fde8e8;color:#b42318;border-radius:6px;padding:10px 14px;margin:0 0 12px}
.notice{background:#e8f0fd;border-radius:6px;padding:10px 14px;margin:0 0 12px}
.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:16px}
.product{border:1px solid #dde2ea;border-radius:8px;padding:14px}
code.nowrap{white-space:nowrap;word-break:normal}
.sandbox-status{display:block;border:2px dashed #8a94a6;border-radius:8px;padding:8px 12px;margin:0 0 14px;font-size:14px;background:#fff}
.sandbox-status.ok{border-color:#16794c;background:#eef9f2}.sandbox-status.warn{border-color:#b98900;background:#fffaeb}
.sandbox-status.bad{border-color:#b42318;background:#fef1f1}.sandbox-status a{white-space:nowrap;font-weight:600}
`;

/** A complete HTML document in the shared layout. */
export function layout(brand: Brand, title: string, body: string, subtitle = 'simulated'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(brand.name)}</title>
<style>:root{--accent:${brand.accent}}${CSS}</style></head>
<body><header><b>${escapeHtml(brand.name)}</b><span>${escapeHtml(subtitle)}</span></header>
<main>${body}</main></body></html>`;
}
