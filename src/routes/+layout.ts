// Client-side only: the shell is prerendered, everything else happens in the browser.
export const ssr = false;
export const prerender = true;
