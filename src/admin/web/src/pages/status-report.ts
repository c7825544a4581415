/**
 * The system status (GET /cartwright/v1/system-status, src/status.ts) and the plain-text support
 * report made from it, as WooCommerce's status report: `### Section ###` headings and `key: value`
 * lines. The report is in English whatever the page's language, with the API's own keys, so that
 * whoever answers a support request reads every report the same way.
 */

export type ActionStatus = 'pending' | 'in-progress' | 'complete' | 'failed' | 'canceled';
export const ACTION_STATUSES: ActionStatus[] = ['pending', 'in-progress', 'complete', 'failed', 'canceled'];

export interface SystemStatus {
  versions: { cartwright: string; node: string; database: string };
  database: { kind: 'sqlite' | 'postgres'; location: string };
  redis: boolean;
  email: { enabled: boolean; server: string | null };
  modules: string[];
  plugins: string[];
  settings: Record<string, string | number | boolean>;
  sessions: { total: number; active: number; expiring: number; expired: number; bySource: { cocart: number; woocommerce: number; other: number } };
  jobs: { workers: number } & Record<ActionStatus, number>;
  update: {
    state: 'current' | 'needed' | 'running' | 'complete';
    routines: { name: string; description: string; remaining: number }[];
    actions: { pending: number; in_progress: number; complete: number; failed: number };
    completed_at: number | null;
  };
}

const yesNo = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : String(v));

export function supportReport(s: SystemStatus, generatedAt: Date, page: string): string {
  const lines: string[] = [];
  const section = (title: string, rows: [string, unknown][] | string[]) => {
    lines.push('', `### ${title} ###`, '');
    if (!rows.length) lines.push('none');
    for (const row of rows) lines.push(Array.isArray(row) ? `${row[0]}: ${yesNo(row[1])}` : row);
  };
  lines.push('### Cartwright system status ###', '', `generated: ${generatedAt.toISOString()}`, `dashboard: ${page}`);
  section('Versions', [
    ['cartwright', s.versions.cartwright],
    ['node', s.versions.node],
    ['database', s.versions.database],
  ]);
  section('Database', [
    ['kind', s.database.kind],
    ['location', s.database.location],
    ['redis', s.redis],
  ]);
  section('E-mail', [
    ['enabled', s.email.enabled],
    ['smtp server', s.email.server ?? 'none'],
  ]);
  section('Modules', s.modules);
  section('Plugins', s.plugins);
  section('Settings', Object.entries(s.settings));
  section('Carts in session', [
    ['total', s.sessions.total],
    ['active', s.sessions.active],
    ['expiring within 24 hours', s.sessions.expiring],
    ['expired', s.sessions.expired],
    ['created by CoCart API', s.sessions.bySource.cocart],
    ['created by web', s.sessions.bySource.woocommerce],
    ['created by other', s.sessions.bySource.other],
  ]);
  section('Background jobs', [['workers', s.jobs.workers], ...ACTION_STATUSES.map((k): [string, unknown] => [k, s.jobs[k]])]);
  section('Database update', [
    ['state', s.update.state],
    ...s.update.routines.map((r): [string, unknown] => [r.name, `${r.remaining} rows remaining`]),
    ['actions', `${s.update.actions.pending} pending, ${s.update.actions.in_progress} in progress, ${s.update.actions.complete} complete, ${s.update.actions.failed} failed`],
    ['completed', s.update.completed_at === null ? 'never' : new Date(s.update.completed_at * 1000).toISOString()],
  ]);
  return `${lines.join('\n')}\n`;
}
