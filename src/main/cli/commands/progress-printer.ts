/**
 * How `vae-workbench train` shows a run: on a terminal one self-updating line (bar, loss, speed,
 * ETA) plus a summary line per epoch; elsewhere (a pipe, CI) a progress line every 10% of an epoch.
 * With --json, one JSON object per line instead.
 */
import type { RunProgress } from '../../../shared/api';
import type { RunRecord } from '../../../shared/runs';
import type { EpochEvaluation } from '../../../shared/training-report';

export interface ProgressPrinter {
  progress(progress: RunProgress, loss: number | null): void;
  evaluation(evaluation: EpochEvaluation, epochs: number): void;
  log(level: string, line: string): void;
  finished(run: RunRecord): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function bar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function describeEvaluation(evaluation: EpochEvaluation, epochs: number): string {
  const split = evaluation.split;
  const parts = [
    `epoch ${evaluation.epoch}/${epochs}`,
    `${split} ELBO ${evaluation.elbo.toFixed(2)} ± ${evaluation.elboStdErr.toFixed(2)} (${evaluation.heldOutPoints} points)`,
    `recon ${evaluation.recon.toFixed(2)}`,
    `KL ${evaluation.kl.toFixed(2)}`,
  ];
  const iwae = evaluation.iwae;
  if (iwae) {
    const label = `IWAE-${iwae.k} bound, ${iwae.points} points`;
    parts.push(
      iwae.nll !== null && iwae.bitsPerDim !== null
        ? `NLL ≤ ${iwae.nll.toFixed(2)} ± ${iwae.boundStdErr.toFixed(2)} nats, ${iwae.bitsPerDim.toFixed(4)} bits/dim (${label})`
        : `${label} ${iwae.bound.toFixed(2)} ± ${iwae.boundStdErr.toFixed(2)} (not a likelihood: no NLL)`,
    );
  }
  parts.push(`${evaluation.activeUnits.count}/${evaluation.klPerDim.length} active units`);
  if (evaluation.mutualInformation !== null) parts.push(`MI ${evaluation.mutualInformation.toFixed(2)} nats`);
  if (evaluation.verdict) parts.push(`code ${evaluation.verdict.level}${evaluation.verdict.unusedCount > 0 ? `, ${evaluation.verdict.unusedCount} unused dims` : ''}`);
  if (evaluation.trainSubset) parts.push(`generalisation gap ${(evaluation.trainSubset.elbo - evaluation.elbo).toFixed(2)}`);
  if (evaluation.codebook) parts.push(`codebook ${evaluation.codebook.usedCodes}/${evaluation.codebook.codebookSize} used, perplexity ${evaluation.codebook.perplexity.toFixed(1)}`);
  return parts.join(' · ');
}

export function textPrinter(out: NodeJS.WriteStream | NodeJS.WritableStream, isTty: boolean): ProgressPrinter {
  let lineOpen = false;
  let lastPrintedTenth = -1;
  const clearLine = () => {
    if (lineOpen) out.write('\r\x1b[2K');
    lineOpen = false;
  };
  return {
    progress(p, loss) {
      const stepsPerEpoch = p.totalSteps / Math.max(1, p.epochs);
      const inEpoch = p.step - p.epoch * stepsPerEpoch;
      const fraction = inEpoch / stepsPerEpoch;
      const line = `epoch ${p.epoch + 1}/${p.epochs} ${bar(fraction)} ${Math.round(fraction * 100)}% · step ${p.step}/${p.totalSteps}${loss !== null ? ` · loss ${loss.toFixed(2)}` : ''} · ${Math.round(p.samplesPerSec).toLocaleString('en-US')} samples/s · ETA ${formatDuration(p.etaSeconds ?? NaN)}`;
      if (isTty) {
        out.write(`\r\x1b[2K${line}`);
        lineOpen = true;
        return;
      }
      const tenth = Math.floor((p.step / p.totalSteps) * 10 * p.epochs);
      if (tenth !== lastPrintedTenth) {
        lastPrintedTenth = tenth;
        out.write(`${line}\n`);
      }
    },
    evaluation(evaluation, epochs) {
      clearLine();
      out.write(`${describeEvaluation(evaluation, epochs)}\n`);
    },
    log(level, line) {
      if (level === 'debug') return;
      clearLine();
      out.write(`${level === 'info' ? '' : `${level}: `}${line}\n`);
    },
    finished(run) {
      clearLine();
      const summary = run.summary;
      const headline = summary.elbo != null ? ` · held-out ELBO ${summary.elbo.toFixed(2)}${summary.nll != null ? ` · NLL ≤ ${summary.nll.toFixed(2)}` : ''}` : '';
      out.write(`Run ${run.id.slice(0, 8)} "${run.name}" ${run.status}${headline}.\n`);
      if (run.error) out.write(`${run.error}\n`);
    },
  };
}

export function jsonPrinter(out: NodeJS.WritableStream): ProgressPrinter {
  const emit = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
  return {
    progress: (progress, loss) => emit({ type: 'progress', ...progress, loss }),
    evaluation: (evaluation) => emit({ type: 'evaluation', ...evaluation }),
    log: (level, line) => emit({ type: 'log', level, line }),
    finished: (run) => emit({ type: 'finished', run }),
  };
}

