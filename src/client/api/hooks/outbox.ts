import { useInfiniteQuery } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { OutboxQuery, OutboxResponse } from '../../../shared/api/outbox';
import { api } from '../apiClient';

export type OutboxFilters = Pick<OutboxQuery, 'channel' | 'status'>;

/** The instance's messages, newest first, a page at a time (instance administrators only: 403 otherwise). */
export function useOutbox(filters: OutboxFilters) {
  return useInfiniteQuery({
    queryKey: ['admin', 'outbox', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      if (filters.channel) params.set('channel', filters.channel);
      if (filters.status) params.set('status', filters.status);
      if (pageParam) params.set('cursor', pageParam);
      const query = params.toString();
      return api.get<OutboxResponse>(`${apiRoutes.outbox}${query ? `?${query}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}
