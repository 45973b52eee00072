/** Hands a Blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The browser has the blob once the download starts; a minute is generous.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
