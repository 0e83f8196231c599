import {readFileSync} from "node:fs";
import {cellSources} from "./src/markdown/cellSources.js";
import {markdownMath} from "./src/markdown/math.js";

// Framework reports usage to Observable unless told not to; the course calls no one, at build time either.
process.env.OBSERVABLE_TELEMETRY_DISABLE = "1";

// The course itself (its title, sections and lessons, in order) is configured in one place, lessons/course.json,
// which the home page reads too.
const course: Course = JSON.parse(readFileSync(new URL("./lessons/course.json", import.meta.url), "utf8"));

interface Course {
  title: string;
  about: string;
  sections: {name: string; lessons: {name: string; path: string; about: string}[]}[];
}

export default {
  root: "lessons",
  title: course.title,
  pages: course.sections.map(({name, lessons}) => ({name, pages: lessons.map(({name, path}) => ({name, path}))})),
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
  // Every cell's source is kept in the page (src/markdown/cellSources.ts): the notebook view shows and edits it.
  markdownIt: (md: import("markdown-it").default) => md.use(markdownMath).use(cellSources),
  search: false,
  footer: `${course.title}: ${course.about[0].toLowerCase()}${course.about.slice(1)}`
};
