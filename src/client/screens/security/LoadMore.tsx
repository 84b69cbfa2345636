import { Button } from '../../ui/Button';
import './adminPages.css';

/** What LoadMore reads of an infinite query. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** The button under a list read a page at a time, while older pages remain. */
export function LoadMore({ pages, label = 'Load more' }: { pages: Pages; label?: string }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className="admin-more">
      <Button variant="secondary" size="sm" busy={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>{label}</Button>
    </div>
  );
}
