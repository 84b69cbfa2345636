import bcrypt from 'bcryptjs';

/** bcrypt ($2a$/$2b$/$2y$), via bcryptjs (which compares in constant time). */
export async function verifyBcrypt(hash: string, password: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}
