/** The p-th percentile (0-100) of the samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function rssMb(): number {
  // maxRSS is in kilobytes: the peak of this process so far.
  return round(process.resourceUsage().maxRSS / 1024, 0);
}
