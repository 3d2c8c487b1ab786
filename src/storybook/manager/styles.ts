/** The panel's building blocks, coloured by Storybook's theme so that they follow its light and dark modes. */
import { type StorybookTheme, styled } from 'storybook/theming';

/** A form control in Storybook's input colours, with a visible focus ring. */
const control = (theme: StorybookTheme) => ({
  font: 'inherit',
  color: theme.input.color,
  background: theme.input.background,
  border: `1px solid ${theme.input.border}`,
  borderRadius: theme.input.borderRadius,
  padding: '3px 6px',
  '&:focus-visible': { outline: `2px solid ${theme.fgColor.accent}`, outlineOffset: 1 },
});

/** The panel: a status bar over three columns that wrap on narrow panels and scroll on their own. */
export const PanelRoot = styled.div(({ theme }) => ({
  // The panel's own width decides the layout: it may sit at the bottom (wide) or on the right (narrow).
  containerType: 'inline-size',
  display: 'flex',
  flexDirection: 'column',
  height: '100%',
  minHeight: 0,
  fontFamily: theme.typography.fonts.base,
  fontSize: theme.typography.size.s2,
  color: theme.fgColor.default,
  background: theme.background.content,
}));

export const Columns = styled.div({
  display: 'grid',
  gridTemplateColumns: 'minmax(21rem, 1fr) minmax(14rem, 0.75fr) minmax(24rem, 1.7fr)',
  flex: 1,
  minHeight: 0,
  '@container (max-width: 62rem)': { gridTemplateColumns: '1fr', overflowY: 'auto' },
});

export const Column = styled.section(({ theme }) => ({
  minWidth: 0,
  minHeight: 0,
  overflowY: 'auto',
  padding: '8px 12px 12px',
  borderRight: `1px solid ${theme.appBorderColor}`,
  '&:last-of-type': { borderRight: 'none' },
}));

export const Heading = styled.h2(({ theme }) => ({
  margin: '4px 0 8px',
  fontSize: theme.typography.size.s2,
  fontWeight: theme.typography.weight.bold,
  letterSpacing: '0.02em',
}));

export const SubHeading = styled.h3(({ theme }) => ({
  margin: '12px 0 4px',
  fontSize: theme.typography.size.s1,
  fontWeight: theme.typography.weight.bold,
  color: theme.fgColor.muted,
  textTransform: 'uppercase',
  letterSpacing: '0.05em',
}));

/** A label, a control and its buttons on one line, wrapping when narrow. */
export const Row = styled.div({
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: 6,
  margin: '3px 0',
});

export const Label = styled.label(({ theme }) => ({
  minWidth: '6.5rem',
  color: theme.fgColor.muted,
}));

/** The sample rows: a label, a select and two buttons per anchor type, aligned in columns. */
export const SampleGrid = styled.div({
  display: 'grid',
  gridTemplateColumns: 'max-content minmax(6rem, 1fr) max-content max-content',
  alignItems: 'center',
  gap: '6px 6px',
  margin: '4px 0 8px',
});

export const NativeSelect = styled.select(({ theme }) => ({
  ...control(theme),
  flex: '1 1 10rem',
  minWidth: 0,
  maxWidth: '100%',
}));

export const TextInput = styled.input(({ theme }) => ({ ...control(theme), minWidth: 0 }));

export const JsonArea = styled.textarea(({ theme }) => ({
  ...control(theme),
  display: 'block',
  width: '100%',
  boxSizing: 'border-box',
  minHeight: '9rem',
  fontFamily: theme.typography.fonts.mono,
  fontSize: theme.typography.size.s1,
  padding: 6,
  resize: 'vertical',
}));

/** A quiet line under a group: why its buttons are disabled, or what a control does. */
export const Hint = styled.p(({ theme }) => ({
  margin: '2px 0 6px',
  fontSize: theme.typography.size.s1,
  color: theme.fgColor.muted,
}));

export const Outcome = styled.p<{ failed: boolean }>(({ theme, failed }) => ({
  margin: 0,
  color: failed ? theme.fgColor.negative : theme.fgColor.muted,
  overflowWrap: 'anywhere',
}));

export const Mono = styled.code(({ theme }) => ({
  fontFamily: theme.typography.fonts.mono,
  fontSize: theme.typography.size.s1,
  overflowWrap: 'anywhere',
}));

/** The tone of a status or an ack code. */
export type Tone = 'positive' | 'warning' | 'negative' | 'neutral';

export const Pill = styled.span<{ tone: Tone }>(({ theme, tone }) => ({
  display: 'inline-flex',
  alignItems: 'center',
  gap: 4,
  padding: '1px 8px',
  borderRadius: 999,
  fontSize: theme.typography.size.s1,
  fontWeight: theme.typography.weight.bold,
  color: tone === 'neutral' ? theme.fgColor.muted : theme.fgColor[tone],
  background: tone === 'neutral' ? theme.bgColor.muted : theme.bgColor[tone],
  border: `1px solid ${tone === 'neutral' ? theme.borderColor.default : theme.borderColor[tone]}`,
  whiteSpace: 'nowrap',
}));

/** A section that opens on demand; its summary is keyboard-reachable like any disclosure. */
export const Disclosure = styled.details(({ theme }) => ({
  marginTop: 8,
  '& > summary': { cursor: 'pointer' },
  '& > summary:focus-visible': { outline: `2px solid ${theme.fgColor.accent}`, outlineOffset: 1 },
}));
