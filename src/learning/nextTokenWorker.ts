// The page's next-token training worker: it owns the models and their optimisers, so a step never blocks the page.
import {serveNextTokenTrainer} from "./nextTokenTrainer.js";
import type {TrainerPort} from "./slices.js";

serveNextTokenTrainer(globalThis as unknown as TrainerPort);
