export * from "./types";
export * from "./derive";
export * from "./verify";
export * from "./mermaid";
