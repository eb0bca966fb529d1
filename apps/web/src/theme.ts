import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/** Sarabun is bundled (styles/fonts.css): the CSP allows no outside font, and Thai needs a Thai face. */
export const theme = createTheme({
  fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif',
  headings: { fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif' },
  primaryColor: 'indigo',
  // Darker shades so text on light backgrounds keeps WCAG AA contrast.
  primaryShade: 8,
  defaultRadius: 'sm',
});

/** Mantine's dimmed text (descriptions, captions) is gray 6, under 4.5:1 on white: use gray 7. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
