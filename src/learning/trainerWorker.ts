// The page's training worker: it owns the denoiser and its optimiser, so a training step never blocks the page.
import {serveTrainer, type TrainerPort} from "./trainer.js";

serveTrainer(globalThis as unknown as TrainerPort);
