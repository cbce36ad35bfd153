/** A failed action's human message, announced at once to screen readers (role="alert"); nothing when null. */
export function ErrorText(props: { error: string | null | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}
