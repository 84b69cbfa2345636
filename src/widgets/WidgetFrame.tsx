import type { ReactNode } from 'react';

/**
 * The root element every widget renders: it carries `data-widget="<Name>"`, fills its grid
 * cell, and shows evaluation errors subtly (a red outline, the messages in the tooltip).
 * The error marker is CSS-only so it never changes the widget's text content.
 */
export function WidgetFrame(props: {
  name: string;
  kind: string;
  errors: Record<string, string>;
  className?: string;
  children: ReactNode;
}) {
  const messages = Object.entries(props.errors).map(([key, message]) => `${key}: ${message}`);
  const classes = ['cw-widget', `cw-${props.kind}`, props.className, messages.length > 0 ? 'cw-widget--error' : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div data-widget={props.name} className={classes} title={messages.length > 0 ? messages.join('\n') : undefined}>
      {props.children}
    </div>
  );
}
