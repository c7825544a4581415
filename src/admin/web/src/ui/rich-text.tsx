import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';

/**
 * A small HTML editor: an editable area with a toolbar (bold, italic, heading, lists, link, remove
 * formatting) and a switch to the HTML itself. What it gives is a draft: the server keeps only the
 * markup it allows. The toolbar is one tab stop of buttons; the browser's own shortcuts (Ctrl+B,
 * Ctrl+I) work in the area. Labelled like any field: `id` is the area's, the label points at it.
 */

interface Command {
  label: () => string;
  /** What the button shows (its label is its accessible name). */
  glyph: string;
  run: () => void;
}

const exec = (command: string, value?: string) => document.execCommand(command, false, value);

const COMMANDS: Command[] = [
  { label: () => t('Bold'), glyph: 'B', run: () => exec('bold') },
  { label: () => t('Italic'), glyph: 'I', run: () => exec('italic') },
  { label: () => t('Heading'), glyph: 'H', run: () => exec('formatBlock', 'h3') },
  { label: () => t('Paragraph'), glyph: '¶', run: () => exec('formatBlock', 'p') },
  { label: () => t('Bulleted list'), glyph: '•', run: () => exec('insertUnorderedList') },
  { label: () => t('Numbered list'), glyph: '1.', run: () => exec('insertOrderedList') },
  {
    label: () => t('Link'),
    glyph: 'a↗',
    run: () => {
      const url = window.prompt(t('Link address (https://…)'));
      if (url) exec('createLink', url);
    },
  },
  { label: () => t('Remove formatting'), glyph: '⌫', run: () => exec('removeFormat') },
];

export function RichTextEditor(props: { id: string; labelId: string; value: string; onChange: (html: string) => void; describedBy?: string; invalid?: boolean }) {
  const area = useRef<HTMLDivElement>(null);
  const [source, setSource] = useState(false);
  // What the area gave since its content was last set: such a value coming back (perhaps late, while
  // more is typed) leaves the area alone, as replacing it would move the caret; any other value (a load,
  // a save's answer) replaces its content. Coming back from the HTML, the area is new and starts from the value.
  const given = useRef(new Set<string>());
  const fill = () => {
    if (area.current) area.current.innerHTML = props.value;
    given.current.clear();
  };
  useEffect(() => {
    if (!given.current.has(props.value)) fill();
  }, [props.value]);
  useEffect(fill, [source]);

  const changed = () => {
    const html = area.current?.innerHTML ?? '';
    given.current.add(html);
    props.onChange(html);
  };
  return (
    <div class="rich-text">
      <div class="rich-text-toolbar" role="toolbar" aria-label={t('Formatting')} aria-controls={props.id}>
        {COMMANDS.map((c) => (
          <button
            type="button"
            class="button rich-text-button"
            aria-label={c.label()}
            title={c.label()}
            disabled={source}
            // The selection in the area is kept: pressing the button does not take focus from it.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              area.current?.focus();
              c.run();
              changed();
            }}
          >
            <span aria-hidden="true">{c.glyph}</span>
          </button>
        ))}
        <label class="rich-text-source">
          <input type="checkbox" checked={source} onChange={(e) => setSource(e.currentTarget.checked)} /> {t('Edit as HTML')}
        </label>
      </div>
      {source ? (
        <textarea
          id={props.id}
          class="rich-text-html"
          aria-labelledby={props.labelId}
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid}
          rows={8}
          spellcheck={false}
          value={props.value}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      ) : (
        <div
          id={props.id}
          ref={area}
          class="rich-text-area"
          contentEditable
          role="textbox"
          aria-multiline="true"
          aria-labelledby={props.labelId}
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid}
          tabIndex={0}
          onInput={changed}
          onBlur={changed}
        />
      )}
    </div>
  );
}
