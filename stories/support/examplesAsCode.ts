/**
 * Turns the `@example` tags of a component's JSDoc into Markdown code blocks for its docs page, which would
 * otherwise print "@example" and render the example's JSX as (unknown) HTML elements.
 */
export function examplesAsCode(description: string): string {
  const [text = '', ...examples] = description.split(/^@example[ \t]*$/m);
  const blocks = examples.map((example) => {
    const code = example
      .trim()
      .replace(/^```\w*\n?|```$/g, '')
      .trim();
    return `**Example**\n\n\`\`\`tsx\n${code}\n\`\`\``;
  });
  return [text.trim(), ...blocks].filter(Boolean).join('\n\n');
}
