/** A labelled single-line text input bounded by `maxLength`. */
export function TextField(props: {
  label: string;
  value: string;
  maxLength: number;
  onValue(text: string): void;
  class?: string;
}) {
  return (
    <label class={props.class}>
      {props.label}
      <input
        value={props.value}
        maxLength={props.maxLength}
        onInput={(e) => props.onValue((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}
