export * from "./types";
export * from "./policy-gate";
export * from "./format";
export * from "./rules";
export { SUPPRESSION_METADATA } from "./suppressions";
export type { Suppression } from "./suppressions";
