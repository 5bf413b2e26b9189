// Import boundaries, checked by `npm run lint:imports` (part of `npm test`) over every code
// folder: converters/ is shared by the page, the API and the worker, so it imports from neither
// side; the page (web/) and the server (edge-api/) never reach into each other, nor do their
// tests; the engine (converters' loose modules) names no converter, which declare what it needs
// in their meta and cost; and nothing imports in a circle. test/import-lint.test.ts plants
// one violation of each rule and shows the lint fails on it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "converters-not-to-web-or-edge-api",
      comment: "converters/ runs in the browser and on the server alike: it may not import from web/ or edge-api/.",
      severity: "error",
      // Tests included: a converter's HTTP tests live under edge-api/ (routes/*-jobs.test.ts).
      from: { path: "^converters/" },
      to: { path: "^(web|edge-api)/" },
    },
    {
      name: "web-not-to-edge-api",
      comment: "web/ is the page: it may not import from edge-api/ (the server).",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^edge-api/" },
    },
    {
      name: "edge-api-not-to-web",
      comment: "edge-api/ is the server: it may not import from web/ (the page), tests included; a shape both sides use belongs in converters/ or the contract.",
      severity: "error",
      from: { path: "^edge-api/" },
      to: { path: "^web/" },
    },
    {
      name: "e2e-not-to-edge-api",
      comment: "The end-to-end specs drive the app through the browser and HTTP, as a user does: not through the server's modules.",
      severity: "error",
      from: { path: "^e2e/" },
      to: { path: "^edge-api/" },
    },
    {
      name: "engine-not-to-converter",
      comment: "The engine (converters/*.ts) runs any converter through the derived registry and their meta and cost hooks: it names none (a converter's folder is its own).",
      severity: "error",
      from: { path: "^converters/[^/]+\\.ts$", pathNot: "\\.generated\\.ts$|\\.test\\.ts$" },
      to: { path: "^converters/(?!ml/)[^/]+/" },
    },
    {
      name: "no-cycles",
      comment: "Imports flow one way: a cycle means two modules are one, or a shape belongs in a third.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
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
