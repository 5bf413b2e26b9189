// Writes the converter registry (converters/*.generated.*) that scripts/registry-files.ts derives
// from the folders under converters/.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { converterIds, registryFiles } from "./registry-files";

const root = join(import.meta.dirname, "..", "converters");
for (const [name, text] of Object.entries(await registryFiles(root))) writeFileSync(join(root, name), text);
const ids = converterIds(root);
console.log(`converters: ${ids.length} (${ids.join(", ")})`);
