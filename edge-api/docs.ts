// A readable rendering of the OpenAPI document, served by the API itself: no CDN script, so it
// works under the app's COEP policy and offline.
type Operation = { summary?: string; parameters?: Array<{ name: string; in: string }>; responses?: Record<string, { description?: string }> };

const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderDocs(doc: { info: { title: string; version: string }; paths?: Record<string, Record<string, Operation>> }): string {
  const sections = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `<code>${escape(p.name)}</code> (${escape(p.in)})`).join(", ");
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><b>${escape(status)}</b> ${escape(r.description ?? "")}</li>`)
        .join("");
      return `<section><h2><code>${method.toUpperCase()} ${escape(path)}</code></h2><p>${escape(op.summary ?? "")}</p>${
        params ? `<p>Parameters: ${params}</p>` : ""
      }<ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} API</title>
<style>body{font:15px system-ui;max-width:860px;margin:2rem auto;padding:0 1rem}h2{font-size:1rem;margin-top:1.5rem}code{background:#f3f4f6;padding:0 .2rem}</style>
</head><body><h1>${escape(doc.info.title)} API ${escape(doc.info.version)}</h1>
<p>The machine-readable document is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 problem details.</p>
${sections.join("\n")}</body></html>`;
}
