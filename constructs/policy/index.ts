export * from "./types";
export * from "./policy-gate";
export * from "./format";
export * from "./rules";
export { SUPPRESSION_METADATA, Suppression } from "./suppressions";
