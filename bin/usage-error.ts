/** A command line that cannot be understood; main prints it with the usage and exits 2. */
export class UsageError extends Error {}
