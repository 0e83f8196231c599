// A trainer served on one end of a MessageChannel, as a worker serves it to the page, and the reports it sends to
// the other end: what the trainers' unit tests drive.
import {MessageChannel} from "node:worker_threads";
import type {TrainerPort} from "../src/learning/index.js";

export function servedTrainer<Request, Report extends {type: string}>(serve: (port: TrainerPort) => void) {
  const {port1, port2} = new MessageChannel();
  serve(port1 as unknown as TrainerPort);
  const reports: Report[] = [];
  port2.on("message", (report: Report) => reports.push(report));
  const send = (request: Request) => port2.postMessage(request);
  const until = async (found: () => boolean) => {
    while (!found()) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  /** The reports of one type, in order. */
  const of = <T extends Report["type"]>(type: T) =>
    reports.filter((r) => r.type === type) as Extract<Report, {type: T}>[];
  return {reports, send, until, of, close: () => (port1.close(), port2.close())};
}
