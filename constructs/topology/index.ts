export * from "./types";
export * from "./derive";
export * from "./verify";
export { DEFAULT_UPSTREAM_PORT_BASE, UPSTREAM_PORT_SPAN, upstreamPortOf } from "./ports";
export * from "./mermaid";
