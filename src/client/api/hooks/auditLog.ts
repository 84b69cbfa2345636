import { useInfiniteQuery } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { AuditLogQuery, AuditLogResponse } from '../../../shared/api/audit';

import { api } from '../apiClient';

export type AuditLogFilters = Pick<AuditLogQuery, 'type' | 'userId' | 'from' | 'to'>;

/** The audit log, newest first, a page at a time (instance administrators only: 403 otherwise). */
export function useAuditLog(filters: AuditLogFilters) {
  return useInfiniteQuery({
    queryKey: ['admin', 'audit', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      if (pageParam) params.set('cursor', pageParam);
      const query = params.toString();
      return api.get<AuditLogResponse>(`${apiRoutes.auditLog}${query ? `?${query}` : ''}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}
