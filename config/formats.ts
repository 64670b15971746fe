import { parseCidr, parseIpv4 } from "./cidr";

/**
 * The schema's custom string formats, one export each. The generated validator
 * (config/schema-validator.js) requires this module at run time; scripts/gen-validator.ts compiles
 * the schema with every format exported here.
 */
export const cidr = { type: "string", validate: (s: string) => parseCidr(s) !== undefined } as const;
export const ipv4 = { type: "string", validate: (s: string) => parseIpv4(s) !== undefined } as const;
