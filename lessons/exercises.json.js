// Data loader: the exercises' starting code and solutions, from exercises/ at the repository's root, as one JSON
// object {id: {starter, solution}}. Built with STEPWISE_SOLUTIONS=omit, the solutions are left out of the site
// (`npm run build:students`).
import {readdirSync, readFileSync} from "node:fs";

const folder = new URL("../exercises/", import.meta.url);
const omit = process.env.STEPWISE_SOLUTIONS === "omit";
const exercises = {};
for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts"))) {
  const id = file.replace(/\.ts$/, "");
  exercises[id] = {
    starter: readFileSync(new URL(file, folder), "utf8"),
    solution: omit ? null : readFileSync(new URL(`solutions/${file}`, folder), "utf8")
  };
}
process.stdout.write(JSON.stringify(exercises));
