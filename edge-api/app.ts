import { Hono } from "hono";
import { convertersRoute } from "./routes/converters";

/** The API, mounted at /api by Next's route handler today and by @hono/node-server in the api role. */
export function createApp() {
  const app = new Hono().basePath("/api");
  app.route("/converters", convertersRoute());
  return app;
}

export type App = ReturnType<typeof createApp>;
