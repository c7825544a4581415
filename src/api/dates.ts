/** WordPress date strings: `YYYY-MM-DDTHH:MM:SS`, store-local or GMT, no zone suffix. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
    } catch {
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function wpDate(unix: number | null, timeZone = 'UTC'): string | null {
  if (unix === null) return null;
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(unix * 1000)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

export function wpDateGmt(unix: number | null): string | null {
  return unix === null ? null : new Date(unix * 1000).toISOString().slice(0, 19);
}

/** Hours between the zone and UTC at a moment, as WordPress's `gmt_offset` option ("1", "5.5", "-4"). */
export function gmtOffset(timeZone: string, unix: number): string {
  const local = wpDate(unix, timeZone);
  if (!local) return '0';
  const diff = (Date.parse(`${local}Z`) - unix * 1000) / 3_600_000;
  return String(Math.round(diff * 100) / 100);
}

/** Parses an ISO 8601 date-time (with or without zone; without means UTC) into unix seconds. */
export function parseDateTime(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) return null;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t.replace(' ', 'T')}Z`;
  const ms = Date.parse(withZone.length === 11 ? `${t}T00:00:00Z` : withZone);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
