/** How passwords and the words they must not contain are compared: NFKC, lower case. */
export function normaliseForComparison(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}
