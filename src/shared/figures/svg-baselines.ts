/**
 * ECharts places SVG text with `dominant-baseline` (central, hanging), which Chromium honours but
 * librsvg and some PDF converters ignore, drawing every label half a line too high. Figures instead
 * use the alphabetic baseline everywhere, with the offset written into `y`, so Chromium, rsvg,
 * Inkscape and the PDF all put text in the same place.
 */

/** Distance from the alphabetic baseline up to ECharts' baseline, in em, for the figure fonts. */
const BASELINE_SHIFT_EM: Record<string, number> = {
  // Halfway between ascender and descender (Source Serif 4: 1.036 and −0.335 em; Source Sans 3 alike).
  central: 0.35,
  middle: 0.35,
  // The hanging baseline sits at about the cap height.
  hanging: 0.66,
  'text-before-edge': 0.85,
  alphabetic: 0,
  auto: 0,
};

export function alphabeticBaselines(svg: string): string {
  return svg.replace(/<text\b([^>]*)>/g, (tag: string, attributes: string) => {
    const baseline = /\sdominant-baseline="([^"]*)"/.exec(attributes)?.[1];
    if (baseline === undefined) return tag;
    const shift = BASELINE_SHIFT_EM[baseline] ?? 0;
    const size = Number(/font-size:\s*([\d.]+)px/.exec(attributes)?.[1] ?? '12');
    const y = Number(/\sy="([-\d.e]+)"/.exec(attributes)?.[1] ?? '0');
    const newY = Math.round((y + shift * size) * 1000) / 1000;
    const rest = attributes.replace(/\sdominant-baseline="[^"]*"/, '').replace(/\sy="[^"]*"/, '');
    return `<text${rest} y="${newY}">`;
  });
}
