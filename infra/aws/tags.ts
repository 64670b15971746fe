/** The tags every AWS resource of an environment carries, set once as the provider's default tags. */
export function awsDefaultTags(project: string, envName: string): { tags: Record<string, string> }[] {
  return [{ tags: { project, environment: envName, "managed-by": "cdktf" } }];
}
