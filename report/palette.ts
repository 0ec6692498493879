// One colour per target, the same in every chart of a page: node green, bun orange, deno blue (the
// first target of each runtime), then the others in column order. Mid-tone colours, so marks keep a
// 3:1 contrast (WCAG's bar for graphics) on the light and the dark page alike (test/harness/report/).
export const RUNTIME_COLOURS: Readonly<Record<string, string>> = { node: '#3d8b37', bun: '#c0651d', deno: '#3a6fd0' };
export const MORE_COLOURS = ['#a347b8', '#c73e5f', '#1d8585', '#8a7714', '#6a5fd8', '#b0533a', '#4f7d1e'] as const;

/** Page backgrounds the colours are checked against. */
export const BACKGROUNDS = { light: '#ffffff', dark: '#121212' } as const;

/** Colour per target label, in the report's column order. */
export function coloursFor(columns: ReadonlyArray<{ label: string; runtime: string }>): Map<string, string> {
  const colours = new Map<string, string>();
  const used = new Set<string>();
  for (const c of columns) {
    const own = RUNTIME_COLOURS[c.runtime];
    if (own !== undefined && !used.has(own)) {
      colours.set(c.label, own);
      used.add(own);
    }
  }
  let next = 0;
  for (const c of columns) {
    if (colours.has(c.label)) continue;
    colours.set(c.label, MORE_COLOURS[next % MORE_COLOURS.length]!);
    next += 1;
  }
  return colours;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
