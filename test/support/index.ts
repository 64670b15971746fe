/** Shared test helpers. */
export {
  at,
  dataSources,
  list,
  manifests,
  must,
  parseJson,
  record,
  resourceByIdPrefix,
  resources,
  resourcesById,
  set,
  text,
  unset,
  withoutMetadata,
  type Block,
  type Manifest,
  type TerraformJson,
} from "./json";
export { defaultOutdir, defaultStackJson } from "./default-synth";
export { readStackJson, tree } from "./files";
export { needsCommand, needsReference, REFERENCE, type Need } from "./needs";
export { configProblemsOf, problemsOf } from "./errors";
export { renameEnvironmentRefs } from "./config-edits";
