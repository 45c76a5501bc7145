/** zod issues as one line a person reads: "path: message; ...", with `root` naming an issue about the whole value. */
export function describeIssues(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>, root = '(root)'): string {
  return issues.map((i) => `${i.path.map(String).join('.') || root}: ${i.message}`).join('; ')
}

/**
 * Runs a check that throws a message a person reads (a parser's own) and turns a throw into a
 * zod issue at `path`; true when it threw.
 */
export function issueIfThrows(ctx: { addIssue(issue: { code: 'custom'; path?: PropertyKey[]; message: string }): void }, check: () => unknown, path?: PropertyKey[]): boolean {
  try {
    check()
    return false
  } catch (error) {
    ctx.addIssue({ code: 'custom', ...(path ? { path } : {}), message: (error as Error).message })
    return true
  }
}
