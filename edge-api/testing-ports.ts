// Ports for processes a test starts: the system's free ones, held together so they differ. A
// random port in a fixed range may be taken, or be one fetch() refuses ("bad port": 4190, 6000…).
import { createServer, type Server } from "node:net";

/** At least one port: the first is always there. */
export async function freePorts(count: number): Promise<[number, ...number[]]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    }
    const [first, ...rest] = servers.map((s) => (s.address() as { port: number }).port);
    if (first === undefined) throw new RangeError("ask for one port or more");
    return [first, ...rest];
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
