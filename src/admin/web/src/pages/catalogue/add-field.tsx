import { useState } from 'preact/hooks';

/**
 * A box and a button that add what is typed to something (a tag, a category, an image's address, a
 * term) inside a larger form: Enter adds it rather than submitting that form. The box empties once it
 * is added; `onAdd` answering false (it failed, or it was a search) keeps the text.
 */
export function AddField(props: {
  id: string;
  label: string;
  button: string;
  busy?: boolean;
  type?: 'text' | 'url' | 'search';
  placeholder?: string;
  /** A <datalist> of suggestions. */
  list?: string;
  onAdd: (value: string) => unknown;
}) {
  const [text, setText] = useState('');
  const add = async () => {
    const value = text.trim();
    if (!value || props.busy) return;
    if ((await props.onAdd(value)) !== false) setText('');
  };
  return (
    <div class="cat-inline-form">
      <div class="field">
        <label for={props.id}>{props.label}</label>
        <input
          id={props.id}
          type={props.type ?? 'text'}
          inputMode={props.type === 'url' ? 'url' : undefined}
          placeholder={props.placeholder}
          list={props.list}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
        />
      </div>
      <button type="button" class="button" disabled={props.busy} onClick={() => void add()}>
        {props.button}
      </button>
    </div>
  );
}
