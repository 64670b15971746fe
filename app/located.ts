import { ConfigError } from "../config/errors";
import schema from "../config/schema.json";
import { type ConfigSource, parseIssue } from "../config/source";
import { MeshValidationError } from "../constructs/errors";

const TOP_LEVEL = new Set(Object.keys(schema.properties));

/**
 * A line from a library or stack check, at the config file's line when it names a config path:
 * `calls[1]: ...` (topology) or `<stack>: environments.cloud.vpcCidr: ...` (a stack's own checks).
 * Other lines are returned unchanged.
 */
export function locateLine(source: ConfigSource, line: string): string {
  const direct = parseIssue(line);
  if (direct && TOP_LEVEL.has(String(/^[^.[]+/.exec(direct.path)?.[0]))) return source.format(direct);
  const cut = line.indexOf(": ");
  const rest = cut > 0 ? parseIssue(line.slice(cut + 2)) : undefined;
  if (rest && TOP_LEVEL.has(String(/^[^.[]+/.exec(rest.path)?.[0]))) {
    return source.format({ ...rest, message: `${rest.message} (checked by ${line.slice(0, cut)})` });
  }
  return line;
}

/** Runs `fn`; a MeshValidationError it throws comes back as a ConfigError with file and line where it names a config path. */
export function withConfigLines<T>(source: ConfigSource, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!MeshValidationError.isMeshValidationError(e)) throw e;
    throw new ConfigError(e.problems.map((l) => locateLine(source, l)));
  }
}
