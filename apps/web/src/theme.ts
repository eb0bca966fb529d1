import { createTheme } from '@mantine/core';

/** Sarabun is bundled (styles/fonts.css): the CSP allows no outside font, and Thai needs a Thai face. */
export const theme = createTheme({
  fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif',
  headings: { fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif' },
  primaryColor: 'indigo',
  // Darker shades so text on light backgrounds keeps WCAG AA contrast.
  primaryShade: 8,
  defaultRadius: 'sm',
});
