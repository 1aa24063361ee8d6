const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/** Text made inert for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape; testing first is much faster than replacing.
  if (!SPECIAL.test(text)) return text;
  return text.replace(SPECIALS, (char) => ENTITIES[char] ?? char);
}
