/**
 * Rich text's `font` shorthand becomes longhand properties in the figure SVG: resvg (the CLI's PNG)
 * drew shorthand text at its default size, and the baseline shift read the size from `font-size`.
 */
import { describe, expect, it } from 'vitest';
import { alphabeticBaselines } from '../../../../src/shared/figures/svg-baselines';
import { longhandFonts } from '../../../../src/shared/figures/figure-svg';

describe('longhandFonts', () => {
  it('spells out size, family and weight, and leaves other styles alone', () => {
    const svg = [
      `<text style="font: 8px 'Source Serif 4', 'Times New Roman', Times, serif" x="1">a</text>`,
      `<text style="font: bold 9px 'Source Sans 3', Arial, sans-serif">b</text>`,
      `<text style="font-size:8px;font-family:'Source Serif 4';">c</text>`,
    ].join('');
    expect(longhandFonts(svg)).toBe(
      [
        `<text style="font-size:8px;font-family:'Source Serif 4', 'Times New Roman', Times, serif;" x="1">a</text>`,
        `<text style="font-size:9px;font-family:'Source Sans 3', Arial, sans-serif;font-weight:bold;">b</text>`,
        `<text style="font-size:8px;font-family:'Source Serif 4';">c</text>`,
      ].join(''),
    );
  });

  it('lets the baseline shift use the text\'s own size', () => {
    const shorthand = `<text dominant-baseline="central" style="font: 8px 'Source Serif 4'" y="10">a</text>`;
    // 0.35 em of 8 px below y = 10, not of the 12 px default.
    expect(alphabeticBaselines(longhandFonts(shorthand))).toContain('y="12.8"');
  });
});
