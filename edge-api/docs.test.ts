import { createHash } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import { inline, markdown, renderDocs } from "./docs";
import { testRuntime } from "./testing";

describe("the docs' Markdown-ish text", () => {
  test("code spans become <code>, and everything is escaped first", () => {
    expect(inline("Ready; `degraded` names what is down")).toBe("Ready; <code>degraded</code> names what is down");
    expect(inline("`<script>` & \"quotes\" 'too'")).toBe("<code>&#60;script&#62;</code> &#38; &#34;quotes&#34; &#39;too&#39;");
    // An unpaired backtick stays as it is.
    expect(inline("a ` b")).toBe("a ` b");
  });

  test("blank lines make paragraphs", () => {
    expect(markdown("One `a`.\n\nTwo\nlines.\n\n")).toBe("<p>One <code>a</code>.</p><p>Two\nlines.</p>");
  });

  test("names and descriptions from the document cannot inject markup", () => {
    const html = renderDocs({
      info: { title: "T<i>", version: "1" },
      paths: { "/x/<b>": { get: { summary: "`<img src=x onerror=alert(1)>`", responses: { "200": { description: "<script>alert(1)</script>" } } } } },
    });
    expect(html).not.toMatch(/<(img|script|b|i)\b/);
    expect(html).toContain("<code>&#60;img src=x onerror=alert(1)&#62;</code>");
  });
});

const runtime = testRuntime({}, { worker: false });
afterAll(() => runtime.close());

test("/api/docs renders the whole document, styled by its one hashed stylesheet, with no script and no literal backticks", async () => {
  const res = await runtime.app.request("/api/docs");
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain("POST /api/conversions");
  expect(html).toContain("<code>degraded</code>");
  expect(html).not.toContain("`");
  expect(html).not.toMatch(/<script\b|<link\b|src=/);
  // Every operation has its section, reached from the table of contents.
  const doc = (await (await runtime.app.request("/api/openapi.json")).json()) as { paths: Record<string, object> };
  const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  expect(html.match(/<section class="op" id="(get|post|delete)-/g)).toHaveLength(operations);
  // The policy allows exactly the inline stylesheet, by its hash, and nothing else.
  const policy = res.headers.get("content-security-policy")!;
  expect(policy).toContain("default-src 'none'");
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  expect(policy).toContain(`style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`);
});
