import type { UserDto } from '../../shared/api/auth';
import type { UsersTable } from '../store/accountTables';

/** The API view of a user row, built by listing fields: never the hash. */
export function toUserDto(row: Pick<UsersTable, 'id' | 'email' | 'name' | 'is_instance_admin'>): UserDto {
  return { id: row.id, email: row.email, name: row.name, isInstanceAdmin: row.is_instance_admin === 1 };
}
