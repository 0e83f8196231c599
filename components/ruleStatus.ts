// What the page says under a reader's rule for a trainer (a clipping rule, a loss): that the trainer runs it from its
// next step, or why it could not, with training going on with the last one that worked.
import {html} from "htl";

export function ruleStatus(report: {error?: {message: string}} | undefined, what: string): HTMLElement | undefined {
  if (!report) return undefined;
  return report.error
    ? html`<p class="rule-error" role="alert">
        The trainer could not use your ${what}. ${report.error.message} Training goes on with the last ${what} that
        worked.
      </p>`
    : html`<p class="rule-status" role="status">The trainer runs this ${what} from its next step.</p>`;
}
