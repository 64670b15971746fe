// In-repo modules outside the library (topology, stacks) import these checks from here.
// Not part of the package API: constructs/index.ts does not export them.
export * from "./private/validation";
