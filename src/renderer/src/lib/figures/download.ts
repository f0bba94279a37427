/** Saves a Blob through the browser's download path (Electron routes it to a save dialog). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking in the same task can cancel the download in Chromium; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
