/** Text as WordPress renders it into HTML (`wpautop`, reduced to what plain text needs): escaped, in paragraphs, line breaks kept. */
export function paragraphs(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br />\n')}</p>\n`)
    .join('');
}

/** Text in an HTML attribute or element, escaped as WordPress's `esc_html`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' })[c]!);
}
