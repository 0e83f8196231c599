// The page's model worker: it owns onnxruntime-web and every session, so a model call never blocks the page.
import {inThreadRuntime} from "./inThread.js";
import {serveRuntime, type Port} from "./protocol.js";

serveRuntime(globalThis as unknown as Port, inThreadRuntime);
