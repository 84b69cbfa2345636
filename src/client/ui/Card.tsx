import type { HTMLAttributes } from 'react';

/** A bordered surface that groups related content. */
export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div {...rest} className={['ui-card', className].filter(Boolean).join(' ')} />;
}
