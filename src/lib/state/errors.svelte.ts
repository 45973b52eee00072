/** Messages the analyst must see, newest last; each names the file or run it is about. */
export interface ErrorEntry {
  id: number;
  message: string;
}

export class ErrorLog {
  entries = $state<ErrorEntry[]>([]);
  #seq = 0;

  report(message: string): void {
    // The same problem twice (e.g. pressing Run again) is one message, not a growing stack.
    if (this.entries.some((e) => e.message === message)) return;
    this.entries = [...this.entries, { id: ++this.#seq, message }];
  }

  dismiss(id: number): void {
    this.entries = this.entries.filter((e) => e.id !== id);
  }
}
