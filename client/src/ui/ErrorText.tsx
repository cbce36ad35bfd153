/**
 * A failed action's human message, announced at once to screen readers (role="alert"); nothing when null.
 * `inline` keeps it in a row of buttons (a span instead of a paragraph).
 */
export function ErrorText(props: { error: string | null | undefined; inline?: boolean }) {
  if (!props.error) return null;
  return props.inline ? (
    <span class="error" role="alert">
      {props.error}
    </span>
  ) : (
    <p class="error" role="alert">
      {props.error}
    </p>
  );
}
