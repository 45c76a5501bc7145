/** zod issues as one line a person reads: "path: message; ...", with `root` naming an issue about the whole value. */
export function describeIssues(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>, root = '(root)'): string {
  return issues.map((i) => `${i.path.map(String).join('.') || root}: ${i.message}`).join('; ')
}
