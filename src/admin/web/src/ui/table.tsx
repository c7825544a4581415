import type { ComponentChildren } from 'preact';

/**
 * A data table that scrolls sideways on a narrow screen instead of squeezing its columns; the caption
 * names it for screen readers.
 */
export function Table(props: { caption: string; children: ComponentChildren; captionVisible?: boolean }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabIndex={0}>
      <table class="table">
        <caption class={props.captionVisible ? undefined : 'visually-hidden'}>{props.caption}</caption>
        {props.children}
      </table>
    </div>
  );
}

/** A status word in a coloured pill (pending, failed, in stock …). */
export function Badge(props: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${props.tone ?? 'neutral'}`}>{props.children}</span>;
}
