import { formatNumber } from '../i18n.ts';

/**
 * The status links above a list, as WordPress's list screens have them ("All (12) | Pending (3) | …"):
 * each a link to the list in that status, with its count once known, the one shown marked current.
 */

export interface StatusLink {
  href: string;
  label: string;
  count?: number;
  current: boolean;
}

export function StatusLinks(props: { label: string; links: StatusLink[] }) {
  return (
    <nav class="status-links" aria-label={props.label}>
      <ul>
        {props.links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={l.current ? 'true' : undefined}>
              {l.label}
              {l.count !== undefined ? <span class="status-count"> ({formatNumber(l.count)})</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
