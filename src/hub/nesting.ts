import { outlineJson } from '../protocol/json.ts';

/** Nesting levels of arrays and objects a request body or frame may have unless configured. */
export const DEFAULT_MAX_NESTING_DEPTH = 64;

/** Whether JSON text nests arrays and objects deeper than `maxDepth` levels (measured without recursion). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  return outlineJson(text).depth > maxDepth;
}

/** How the hub names the limit in its answers and log lines. */
export function nestingLimitText(maxDepth: number): string {
  return `nesting deeper than ${maxDepth} levels`;
}
