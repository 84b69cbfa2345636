import type { Role } from '../../shared';

/** How roles read in the UI. */
export const roleLabels: Record<Role, string> = {
  administrator: 'Administrator',
  developer: 'Developer',
  app_viewer: 'App viewer',
};

/** Whether a role may build apps (create, edit, export, delete, import). */
export function canBuild(role: Role): boolean {
  return role === 'administrator' || role === 'developer';
}
