/** A small spinning ring. With a label it announces itself as a status; with an empty label it is decorative. */
export function Spinner({ size = 'md', label = 'Loading' }: { size?: 'sm' | 'md' | 'lg'; label?: string }) {
  return label ? (
    <span className={`ui-spinner ui-spinner--${size}`} role="status" aria-label={label} />
  ) : (
    <span className={`ui-spinner ui-spinner--${size}`} aria-hidden="true" />
  );
}

/** A spinner centred in the available space, for whole-screen loading. */
export function PageSpinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="ui-page-spinner">
      <Spinner size="lg" label={label} />
    </div>
  );
}
