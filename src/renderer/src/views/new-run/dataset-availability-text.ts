/** How the New run form names each dataset with its availability on the host (cached / downloadable / not available). */
import { AVAILABILITY_LABELS, type DatasetChoiceAvailability } from '../../../../shared/dataset-availability';

/** "mnist · cached"; the bare name until the host has answered. */
export function datasetOptionLabel(name: string, availability: readonly DatasetChoiceAvailability[]): string {
  const entry = availability.find((candidate) => candidate.choice === name);
  return entry ? `${name} · ${AVAILABILITY_LABELS[entry.state]}` : name;
}

/** The sentence under the IDX fields: what happens with the chosen dataset, or why it cannot be had. */
export function availabilityNote(name: string, download: boolean, availability: readonly DatasetChoiceAvailability[]): { state: DatasetChoiceAvailability['state']; text: string } | null {
  const entry = availability.find((candidate) => candidate.choice === name);
  if (!entry) return null;
  if (entry.state === 'downloadable' && !download) {
    return { state: 'unavailable', text: `Not in the cache: tick "Download if missing" to fetch it (${entry.detail}), or use the embedded digits.` };
  }
  const label = AVAILABILITY_LABELS[entry.state];
  const text = `${label[0]?.toUpperCase()}${label.slice(1)}: ${entry.detail}.`;
  return { state: entry.state, text: entry.state === 'unavailable' ? `${text} Use the embedded digits instead.` : text };
}
