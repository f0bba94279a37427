/**
 * The hint under "Hidden sizes", read from the value typed: it describes the network that value
 * builds instead of showing an example that can contradict it ("512, 256" next to 400).
 */
export function hiddenSizesHint(architecture: 'mlp' | 'conv', hidden: string, latentDim: string): string {
  const widths = hidden
    .split(/[,\s]+/)
    .filter((part) => part.length > 0)
    .map(Number);
  const valid = widths.length > 0 && widths.every((width) => Number.isInteger(width) && width > 0);
  const z = /^\d+$/.test(latentDim.trim()) ? `z (${latentDim.trim()})` : 'z';
  if (architecture === 'conv') {
    if (!valid || widths.length < 2) return 'Channels of each conv stage, then one dense width, comma-separated; the decoder mirrors them';
    const stages = widths.slice(0, -1);
    return `${stages.length} conv stage${stages.length === 1 ? '' : 's'} (${stages.join(', ')} channels), dense ${widths.at(-1)} → ${z}; the decoder mirrors it`;
  }
  if (!valid) return 'Encoder layer widths, comma-separated; the decoder mirrors them';
  return `Encoder: input → ${widths.join(' → ')} → ${z}; the decoder mirrors it`;
}
