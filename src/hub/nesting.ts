/** Nesting levels of arrays and objects a request body or frame may have unless configured. */
export const DEFAULT_MAX_NESTING_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth` levels. It reads the text once, with a
 * counter instead of recursion, so that no input can exhaust the stack while it is being measured; it does
 * not validate the JSON (parsing does that afterwards).
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > maxDepth) return true;
    } else if (char === '}' || char === ']') depth--;
  }
  return false;
}

/** How the hub names the limit in its answers and log lines. */
export function nestingLimitText(maxDepth: number): string {
  return `nesting deeper than ${maxDepth} levels`;
}
