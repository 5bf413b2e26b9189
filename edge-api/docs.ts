// A readable rendering of the OpenAPI document, served by the API itself: no CDN script, no
// external asset, so it works under the app's COEP policy and offline. One inline stylesheet,
// allowed by its hash in the page's own Content Security Policy (docsPolicy); no script at all.
import { createHash } from "node:crypto";

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
};
type Content = Record<string, { schema?: Schema }>;
type Operation = {
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { required?: boolean; content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** One line of Markdown-ish text: HTML escaped, `code` spans as <code>. */
export function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** Markdown-ish text: paragraphs at blank lines, each rendered as `inline`. */
export function markdown(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${inline(p)}</p>`)
    .join("");
}

const refName = (ref: string) => ref.split("/").at(-1)!;
const anchor = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** A schema's type in a few words, with a link for a named one. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return `<a href="#schema-${anchor(name)}">${escapeHtml(name)}</a>`;
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(" | ");
  if (schema.enum) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return escapeHtml(schema.format ? `${type} (${schema.format})` : type);
}

/** The fields of an object schema as a table; empty for anything else. */
function fields(schema: Schema | undefined): string {
  if (!schema?.properties) return "";
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties).map(([name, p]) => {
    const example = p.example === undefined ? "" : ` <span class="example">e.g. <code>${escapeHtml(typeof p.example === "string" ? p.example : JSON.stringify(p.example))}</code></span>`;
    return `<tr><th scope="row"><code>${escapeHtml(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ""}</th><td>${typeOf(p)}</td><td>${inline(p.description ?? "")}${example}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function operation(path: string, method: string, op: Operation): string {
  const verb = method.toUpperCase();
  const id = anchor(`${verb} ${path}`);
  const parts = [`<section class="op" id="${id}" aria-labelledby="${id}-h"><h3 id="${id}-h"><span class="verb ${escapeHtml(method)}">${escapeHtml(verb)}</span> <code>${escapeHtml(path)}</code></h3>`];
  if (op.summary) parts.push(markdown(op.summary));
  if (op.description) parts.push(markdown(op.description));
  const params = op.parameters ?? [];
  if (params.length) {
    const rows = params.map(
      (p) =>
        `<tr><th scope="row"><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ""}</th><td>${escapeHtml(p.in)}</td><td>${typeOf(p.schema)}</td><td>${inline(p.description ?? "")}</td></tr>`,
    );
    parts.push(`<h4>Parameters</h4><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`);
  }
  for (const [type, { schema }] of Object.entries(op.requestBody?.content ?? {})) {
    parts.push(`<h4>Request body <code>${escapeHtml(type)}</code>${schema?.$ref ? ` (${typeOf(schema)})` : ""}</h4>${fields(schema)}`);
  }
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) => {
    const kind = status.startsWith("2") ? "ok" : status.startsWith("3") ? "redirect" : "fail";
    const bodies = Object.entries(r.content ?? {})
      .map(([type, { schema }]) => ` <span class="type"><code>${escapeHtml(type)}</code>${schema ? ` ${typeOf(schema)}` : ""}</span>`)
      .join("");
    return `<li><span class="status ${kind}">${escapeHtml(status)}</span> ${inline(r.description ?? "")}${bodies}</li>`;
  });
  if (responses.length) parts.push(`<h4>Responses</h4><ul class="responses">${responses.join("")}</ul>`);
  parts.push("</section>");
  return parts.join("");
}

const STYLE = `
:root{color-scheme:light;--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f9fafb;--panel:#fff;--accent:#1d4ed8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1f2937;color:#fff;padding:1rem}
header h1{margin:0 auto;max-width:960px;font-size:1.3rem}
header p{margin:.25rem auto 0;max-width:960px;color:#d1d5db}
header a{color:#bfdbfe}
main{max-width:960px;margin:0 auto;padding:1rem}
nav ul{columns:2 18rem;padding-left:1.1rem;margin:.5rem 0 1.5rem}
nav li{break-inside:avoid;margin:.1rem 0}
a{color:var(--accent)}
h2{font-size:1.15rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1rem;margin:0 0 .4rem;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:.9rem 0 .3rem}
p{margin:.3rem 0}
.op{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.9rem 1rem;margin:0 0 1rem}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;border-radius:4px;padding:.05rem .3rem;overflow-wrap:anywhere}
h3 code{background:none;padding:0;font-size:1rem}
header code{background:#374151;color:#fff}
h4 code{text-transform:none;letter-spacing:0}
.verb{font:700 .75rem ui-monospace,monospace;padding:.2rem .45rem;border-radius:4px;color:#fff;background:#374151}
.verb.get{background:#1d4ed8}.verb.post{background:#047857}.verb.delete{background:#b91c1c}.verb.put,.verb.patch{background:#92400e}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
thead th{color:var(--muted);font-weight:600}
tbody th{font-weight:400;white-space:nowrap}
.req{font-size:.75rem;color:#b91c1c}
.example{color:var(--muted)}
.responses{list-style:none;padding:0;margin:0;display:grid;gap:.25rem}
.status{display:inline-block;min-width:2.6rem;text-align:center;font:700 .8rem ui-monospace,monospace;border-radius:4px;padding:.05rem .3rem}
.status.ok{background:#d1fae5;color:#065f46}.status.redirect{background:#e0e7ff;color:#3730a3}.status.fail{background:#fee2e2;color:#991b1b}
.type{color:var(--muted);font-size:.85rem}
@media (max-width:600px){tbody th{white-space:normal}table{display:block;overflow-x:auto}}
`;

/** The docs page's own policy: nothing loads, nothing runs; only its one stylesheet applies. */
export const docsPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function renderDocs(doc: OpenApiDoc): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  // Grouped by area: /api/auth/…, /api/gallery/…, and the probes at the root.
  const groups = new Map<string, typeof operations>();
  for (const o of operations) {
    const area = o.path.startsWith("/api/") ? (o.path.split("/")[2] ?? "api") : "probes";
    groups.set(area, [...(groups.get(area) ?? []), o]);
  }
  const title = (area: string) => (area === "probes" ? "Health and metrics" : area === "jobs" || area === "conversions" ? "Conversions" : area[0]!.toUpperCase() + area.slice(1));
  // Conversions and jobs read as one area.
  const merged = new Map<string, typeof operations>();
  for (const [area, ops] of groups) merged.set(title(area), [...(merged.get(title(area)) ?? []), ...ops]);

  const toc = [...merged]
    .map(([name, ops]) => `<li><a href="#${anchor(name)}">${escapeHtml(name)}</a>: ${ops.map((o) => `<a href="#${anchor(`${o.method} ${o.path}`)}"><code>${escapeHtml(`${o.method.toUpperCase()} ${o.path}`)}</code></a>`).join(", ")}</li>`)
    .join("");
  const sections = [...merged]
    .map(([name, ops]) => `<section aria-labelledby="${anchor(name)}"><h2 id="${anchor(name)}">${escapeHtml(name)}</h2>${ops.map((o) => operation(o.path, o.method, o.op)).join("\n")}</section>`)
    .join("\n");
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, schema]) => `<section class="op" id="schema-${anchor(name)}" aria-labelledby="schema-${anchor(name)}-h"><h3 id="schema-${anchor(name)}-h"><code>${escapeHtml(name)}</code></h3>${schema.description ? markdown(schema.description) : ""}${fields(schema) || `<p>${typeOf(schema)}</p>`}</section>`)
    .join("\n");

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} API ${escapeHtml(doc.info.version)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1>
<p>The machine-readable document is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 problem details (<code>application/problem+json</code>).</p></header>
<main>${doc.info.description ? markdown(doc.info.description) : ""}<nav aria-label="Endpoints"><ul>${toc}</ul></nav>
${sections}
${schemas ? `<section aria-labelledby="schemas"><h2 id="schemas">Schemas</h2>${schemas}</section>` : ""}
</main></body></html>`;
}
