/**
 * sprintf-style placeholders (`%s`, `%d`, `%1$s`, `%%`), as WordPress's translated strings use them.
 * Shared by the server's messages and the dashboard's.
 */
export function format(template: string, args: readonly unknown[]): string {
  let next = 0;
  return template.replace(/%(?:(\d+)\$)?([sd%])/g, (match, position: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    const value = args[position ? Number(position) - 1 : next++];
    if (kind === 'd') return String(Math.trunc(Number(value)));
    return String(value ?? '');
  });
}
