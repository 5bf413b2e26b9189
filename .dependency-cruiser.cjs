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
      // Known exception, to be lifted when the test moves: deepdream.test.ts drives DeepDream
      // through the worker's threads and the API (edge-api/worker/convert, edge-api/testing), so
      // it belongs under edge-api/. Any other file, tests included, is held to the rule.
      from: { path: "^converters/", pathNot: "^converters/deepdream/deepdream[.]test[.]ts$" },
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
