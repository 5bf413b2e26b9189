import { Hono } from "hono";
import { describeAll } from "../../converters/registry";

export function convertersRoute() {
  // Computed once: the list is fixed for the life of the process.
  const body = describeAll();
  return new Hono().get("/", (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(body);
  });
}
