// The page's training worker: it owns the denoiser and its optimiser, so a training step never blocks the page.
import type {TrainerPort} from "./slices.js";
import {serveTrainer} from "./trainer.js";

serveTrainer(globalThis as unknown as TrainerPort);
