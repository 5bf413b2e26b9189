// Import boundaries, checked by `npm run lint:imports` (part of `npm test`) over every code
// folder: converters/ is shared by the page, the API and the worker, so it imports from neither
// side; the page (web/) and the server (edge-api/) never reach into each other, nor do their
// tests; the contract (contract/) sits between them and imports neither, and the page uses its
// client, not the server's schemas; the engine (converters/engine/) names no converter, which declare what it needs
// in their meta and cost; test helpers (converters/testing/) reach no shipped code; and nothing
// imports in a circle. test/import-lint.test.ts plants
// one violation of each rule and shows the lint fails on it.
/** @type {import('dependency-cruiser').IConfiguration} */
/** A forbidden import: from modules matching `from` to modules matching `to`, an error. */
const rule = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

module.exports = {
  forbidden: [
    // Tests included: a converter's HTTP tests live under edge-api/ (routes/*-jobs.test.ts).
    rule("converters-not-to-web-or-edge-api", "converters/ runs in the browser and on the server alike: it may not import from web/ or edge-api/.", { path: "^converters/" }, { path: "^(web|edge-api)/" }),
    rule("web-not-to-edge-api", "web/ is the page: it may not import from edge-api/ (the server).", { path: "^web/" }, { path: "^edge-api/" }),
    rule("edge-api-not-to-web", "edge-api/ is the server: it may not import from web/ (the page), tests included; a shape both sides use belongs in converters/ or the contract.", { path: "^edge-api/" }, { path: "^web/" }),
    rule("contract-not-to-either-side", "contract/ is the HTTP contract both sides share (schemas, generated types, the client): it may not import from the server, the page or their tests.", { path: "^contract/" }, { path: "^(web|edge-api|e2e|app|pages)/" }),
    rule("web-uses-the-client", "web/ talks to the API through contract/client.ts and its generated types, not the server's zod schemas (contract/schemas.ts).", { path: "^web/" }, { path: "^contract/schemas" }),
    rule("e2e-not-to-edge-api", "The end-to-end specs drive the app through the browser and HTTP, as a user does: not through the server's modules.", { path: "^e2e/" }, { path: "^edge-api/" }),
    rule(
      "engine-not-to-converter",
      "The engine (converters/engine/ and the registry beside it) runs any converter through the derived registry and their meta and cost hooks: it names none (a converter's folder is its own).",
      { path: "^converters/(engine/|[^/]+\\.ts$)", pathNot: "\\.generated\\.ts$|\\.test\\.ts$" },
      { path: "^converters/(?!ml/|engine/|testing/)[^/]+/" },
    ),
    rule(
      "testing-only-in-tests",
      "converters/testing/ builds test photos (EXIF, ICC, generated pixels): tests, drills, benches and specs may use it; shipped code may not.",
      { path: "^(converters|web|edge-api|contract|app|pages)/", pathNot: "\\.test\\.tsx?$|^converters/testing/|^edge-api/drills/" },
      { path: "^converters/testing/" },
    ),
    rule("no-cycles", "Imports flow one way: a cycle means two modules are one, or a shape belongs in a third.", {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count too: they tie the code together just the same.
    tsPreCompilationDeps: true,
    // Resolves the "@/..." path alias as tsc does.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
