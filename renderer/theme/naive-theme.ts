/**
 * The console's look on top of Naive UI: one accent colour, the system font for text and a
 * monospace font for keys, values and offsets. The same names are CSS variables (see
 * styles.css) for the parts drawn by hand.
 */
import type { GlobalThemeOverrides } from 'naive-ui';

export const fontText =
  'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
export const fontMono =
  'ui-monospace, "SF Mono", "Cascadia Mono", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

const accent = {
  light: { base: '#2f6bdf', hover: '#4a80e8', pressed: '#2257bd' },
  dark: { base: '#6c9cff', hover: '#8ab0ff', pressed: '#5387f0' },
};

export function themeOverrides(dark: boolean): GlobalThemeOverrides {
  const a = dark ? accent.dark : accent.light;
  return {
    common: {
      fontFamily: fontText,
      fontFamilyMono: fontMono,
      primaryColor: a.base,
      primaryColorHover: a.hover,
      primaryColorPressed: a.pressed,
      primaryColorSuppl: a.hover,
      borderRadius: '4px',
      ...(dark
        ? { bodyColor: '#16181d', cardColor: '#1c1f26', modalColor: '#1f232b', popoverColor: '#232730' }
        : {}),
    },
    DataTable: { thPaddingSmall: '6px 10px', tdPaddingSmall: '4px 10px' },
  };
}
