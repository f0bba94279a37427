/** The name a cloned run starts with: "<name> (copy)", "(copy 2)" for a copy of a copy, … */
export function cloneName(name: string): string {
  const match = /^(.*) \(copy(?: (\d+))?\)$/.exec(name);
  if (!match) return `${name} (copy)`;
  return `${match[1]} (copy ${Number(match[2] ?? 1) + 1})`;
}
