// A deterministic sampler from a reader's update rule: the rule maps one pixel of x_t, the model's ε for it, and
// the two noise levels, to that pixel of the previous sample. DDIM with η = 0 is one such rule.
import {makeScheduler, predictOriginal, type Scheduler} from "./scheduler.js";
import type {NoiseSchedule} from "./schedules.js";

export type UpdateRule = (x: number, eps: number, alphaBar: number, alphaBarPrev: number) => number;

export function customScheduler(schedule: NoiseSchedule, update: UpdateRule): Scheduler {
  return makeScheduler(schedule, (eps, t, previous, x) => {
    const alphaBar = schedule.alphaBars[t];
    const alphaBarPrev = previous >= 0 ? schedule.alphaBars[previous] : 1;
    const prevSample = x.map((v, i) => update(v, eps[i], alphaBar, alphaBarPrev));
    const bad = prevSample.findIndex((v) => !Number.isFinite(v));
    if (bad !== -1) throw new RangeError(`the update rule gave ${prevSample[bad]} for pixel ${bad} at step ${t}`);
    return {prevSample, predOriginalSample: predictOriginal(x, eps, alphaBar, false)};
  });
}
