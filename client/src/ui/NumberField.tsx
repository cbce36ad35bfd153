/** A labelled whole-number input that never hands its owner NaN or zero (falls back to `min`). */
export function NumberField(props: {
  label: string;
  min: number;
  max: number;
  value: number;
  onValue(n: number): void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        onInput={(e) => props.onValue(Number((e.currentTarget as HTMLInputElement).value) || props.min)}
      />
    </label>
  );
}
