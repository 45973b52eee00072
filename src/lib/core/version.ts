/** The version written into every summary and report. */
export const VERSION = '0.1.0';
