import { verify } from '@node-rs/argon2';
import { importedHashSchema, type ImportedHash } from '../../../shared/api/userImport';
import { verifyBcrypt } from './verifyBcrypt';
import { verifyFirebaseScrypt } from './verifyFirebaseScrypt';
import { verifyMd5 } from './verifyMd5';
import { verifyPhpass } from './verifyPhpass';
import { verifyScrypt } from './verifyScrypt';
import { verifySha } from './verifySha';

/**
 * True when `password` matches the imported hash (the JSON stored in users.password_import).
 * Anything malformed is false, never an exception: sign-in then answers 401 like any mismatch.
 */
export async function verifyImportedHash(storedJson: string, password: string): Promise<boolean> {
  let imported: ImportedHash;
  try {
    imported = importedHashSchema.parse(JSON.parse(storedJson));
  } catch {
    return false;
  }
  try {
    switch (imported.algorithm) {
      case 'argon2': return await verify(imported.hash, password);
      case 'bcrypt': return await verifyBcrypt(imported.hash, password);
      case 'md5': return verifyMd5(imported.hash, password);
      case 'sha': return verifySha(imported.version, imported.hash, password);
      case 'phpass': return verifyPhpass(imported.hash, password);
      case 'scrypt': return await verifyScrypt(imported.hash, password, { ...imported, salt: Buffer.from(imported.salt, 'utf8') });
      case 'scryptModified': return await verifyFirebaseScrypt(imported.hash, password, imported);
    }
  } catch {
    return false;
  }
}
