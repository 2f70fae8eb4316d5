/** The text cut into parts, marking every case-insensitive occurrence of the search words. */
export function highlightParts(text: string, words: string[]): Array<{ text: string; match: boolean }> {
  const terms = words.filter((word) => word.length > 0).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (terms.length === 0 || !text) {
    return [{ text, match: false }];
  }
  // With one capturing group, split puts the matches at the odd indices.
  return text
    .split(new RegExp(`(${terms.join('|')})`, 'gi'))
    .map((part, index) => ({ text: part, match: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}
