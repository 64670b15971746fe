import { JsonObject } from "./types";

/*
 * cdktf renders a single nested block as an object and a repeated one as an array, and either can
 * be absent; these helpers read both shapes so rules don't care which the provider chose.
 */

/** The value as an object, or the first element if it is a list of objects. */
export function one(value: unknown): JsonObject | undefined {
  const v: unknown = Array.isArray(value) ? value[0] : value;
  return isObject(v) ? v : undefined;
}

/** The value as a list: arrays as-is, a single value wrapped, absent as empty. */
export function many(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Objects only, from `many(value)`. */
export function objects(value: unknown): readonly JsonObject[] {
  return many(value).filter(isObject);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a dotted path through objects and single-item blocks. */
export function get(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split(".")) {
    const obj = one(cur);
    if (!obj) return undefined;
    cur = obj[key];
  }
  return cur;
}

/** Terraform booleans may arrive as strings after resolution. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A number from a number or numeric string; undefined otherwise. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** True for a string holding a Terraform expression, i.e. a value not known at synth. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Non-empty after trimming. */
export function isNonBlank(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
