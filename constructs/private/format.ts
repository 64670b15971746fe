/**
 * Values in messages. Two meanings, two names: a value someone gave (props, config) prints
 * `undefined` when missing; an attribute read from synthesized JSON prints `absent`, because
 * Terraform then applies the provider's default.
 */

/** A given value: strings quoted, everything else as JSON, `undefined` when missing. */
export function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

/** A synthesized attribute: as {@link show}, but `absent` when the element leaves it out. */
export function showOrAbsent(value: unknown): string {
  return value === undefined ? "absent" : JSON.stringify(value);
}
