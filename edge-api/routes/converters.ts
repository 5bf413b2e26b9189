import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { describeAll } from "../../converters/registry";
import { Converter } from "../../contract/schemas";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Every converter, with its params as JSON Schema and its defaults",
  responses: { 200: { description: "The converters", content: { "application/json": { schema: z.array(Converter) } } } },
});

export function convertersRoute() {
  // Computed once: the list is fixed for the life of the process.
  const body = describeAll();
  return new OpenAPIHono().openapi(list, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(body, 200);
  });
}
