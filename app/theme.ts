import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "teal",
  // Shade 9 keeps white button text and teal link text above WCAG AA contrast (4.5:1).
  primaryShade: 9,
  autoContrast: true,
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" },
});
