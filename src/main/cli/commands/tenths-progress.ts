/**
 * The progress of a one-off job (an evaluation, the gradient lab) on stderr, one line at each new
 * tenth ("evaluating… 40%"): a log shows the job moving without a line per progress event.
 */
export function tenthsProgress(verb: string): (fraction: number) => void {
  let lastTenth = -1;
  return (fraction) => {
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth) process.stderr.write(`${verb}… ${Math.round(fraction * 100)}%\n`);
    lastTenth = tenth;
  };
}
