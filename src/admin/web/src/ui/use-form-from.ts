import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A form's values for a record being edited: the record's own from the first render when it is
 * already loaded, or from the moment it arrives. Effects run a frame after a form is shown, so filling
 * the form from one would wipe what a quick hand (or a test) typed meanwhile; this fills it once per
 * record, and only another record (another id) starts the form again.
 */
export function useFormFrom<R extends { id: number }, F>(record: R | undefined, formOf: (r: R) => F, empty: F): [F, (update: (f: F) => F) => void] {
  const [form, setForm] = useState<F>(() => (record ? formOf(record) : empty));
  const filledFor = useRef(record?.id);
  useEffect(() => {
    if (!record || filledFor.current === record.id) return;
    filledFor.current = record.id;
    setForm(formOf(record));
  }, [record?.id]);
  return [form, setForm];
}
