// ESLint for the course's TypeScript and scripts. Formatting is Prettier's (npm run lint runs both).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {ignores: ["dist/", "lessons/", "src/vendor/", "test-results/", "training/", "node_modules/"]},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused names fail the type check already (noUnusedLocals, noUnusedParameters); "_" marks one kept on purpose.
      "@typescript-eslint/no-unused-vars": ["error", {argsIgnorePattern: "^_", varsIgnorePattern: "^_"}]
    }
  },
  // A solution is a cell's code: what it defines is the cell's output, which the exercise's check uses.
  {files: ["exercises/**"], rules: {"@typescript-eslint/no-unused-vars": "off"}},
  // Tests and benchmarks reach into the page's globals across page.evaluate, which has no types to offer.
  {files: ["test/**", "bench/**"], rules: {"@typescript-eslint/no-explicit-any": "off"}},
  // src/ runs in Node and in the page and must not touch the DOM (tsconfig.src.json checks the types).
  {files: ["src/**"], languageOptions: {globals: {...globals["shared-node-browser"]}}},
  {
    files: ["components/**", "scripts/offline/worker.js", "scripts/offline/register.js", "scripts/frameGuard.js"],
    languageOptions: {globals: {...globals.browser}}
  },
  {files: ["scripts/offline/worker.js"], languageOptions: {globals: {...globals.serviceworker}}},
  {files: ["test/**", "bench/**", "scripts/**", "*.ts", "*.js"], languageOptions: {globals: {...globals.node}}}
);
