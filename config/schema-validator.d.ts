// Types of the generated config/schema-validator.js (scripts/gen-validator.ts).
import type { ValidateFunction } from "ajv";

declare const validate: ValidateFunction;
export default validate;
