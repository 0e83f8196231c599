import {markdownMath} from "./src/markdown/math.js";

// Framework reports usage to Observable unless told not to; the course calls no one, at build time either.
process.env.OBSERVABLE_TELEMETRY_DISABLE = "1";

// The one place that configures the course: its title and its lessons, in order.
export default {
  root: "lessons",
  title: "Stepwise",
  pages: [
    {
      name: "Next-token prediction",
      pages: [
        {name: "Tokens", path: "/tokens"},
        {name: "Positional encoding", path: "/positional-encoding"},
        {name: "Attention and masking", path: "/attention"},
        {name: "Greedy and sampled generation", path: "/sampling"},
        {name: "Accelerated generation", path: "/kv-cache"},
        {name: "Evaluation", path: "/evaluation"}
      ]
    },
    {
      name: "Diffusion",
      pages: [
        {name: "The forward process", path: "/forward-noising"},
        {name: "The reverse sampler", path: "/reverse-sampler"},
        {name: "Inpainting", path: "/inpainting"}
      ]
    }
  ],
  // Links end in .html and folders in index.html, so the site works from any static server at any sub-path.
  preserveExtension: true,
  preserveIndex: true,
  // The default theme links web fonts from another origin; our stylesheet is self-contained.
  globalStylesheets: [],
  style: "style.css",
  // An inline icon: otherwise the browser asks the host's root for /favicon.ico, outside a sub-path site.
  head: `<link rel="icon" href="data:image/svg+xml;base64,${Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M2 14h4v-4h4V6h4V2" fill="none" stroke="#4269d0" stroke-width="2.5"/></svg>'
  ).toString("base64")}">`,
  markdownIt: (md: import("markdown-it").default) => md.use(markdownMath),
  search: false,
  footer: "Stepwise: a live workbook on how generative models generate."
};
