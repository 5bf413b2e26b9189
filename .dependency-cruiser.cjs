// Import boundaries, checked by `npm run lint:imports` (part of `npm run test:unit`):
// converters/ is shared by the page, the API and the worker, so it imports from neither side;
// the page (web/) never reaches into the server (edge-api/).
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
