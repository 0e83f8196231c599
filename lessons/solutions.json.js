// Data loader: the exercises' solutions, from exercises/solutions/ at the repository's root, as one JSON object
// {id: solution}. Built with STEPWISE_SOLUTIONS=omit, each is null: the solutions are left out of the site
// (`npm run build:students`). The starting code of each exercise is a cell of its lesson.
import {readdirSync, readFileSync} from "node:fs";

const folder = new URL("../exercises/solutions/", import.meta.url);
const omit = process.env.STEPWISE_SOLUTIONS === "omit";
const solutions = {};
for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts")))
  solutions[file.replace(/\.ts$/, "")] = omit ? null : readFileSync(new URL(file, folder), "utf8");
process.stdout.write(JSON.stringify(solutions));
