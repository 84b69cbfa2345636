// `npm run cordon -- <command>`: administration commands that run next to (not inside) the server.
import { ConfigError } from '../config/loadConfig';
import { InstanceSecretsError } from '../crypto/instanceSecretsFile';
import { RotateKeyError, rotateKey } from './rotateKey';
import { UnreadableSecretsError } from './rotationSteps';

export const helpText = `Usage: npm run cordon -- <command> [options]

Commands:
  help                      Show this help.
  rotate-key                Re-encrypt every stored secret (datasource passwords, tokens, API keys)
                            under a new encryption key. Stop Cordon first, start it afterwards.
                            Reads the same environment as the server (DATA_DIR, DATABASE_URL, ...).

rotate-key, key in DATA_DIR/instance-secrets.json (the default):
  A new random key is generated and written to the file (atomically, mode 0600). The old key
  stays in the file as "previous" until every secret is re-encrypted and verified, so a crash
  at any point loses nothing; run the command again to finish.

rotate-key, key in the environment (CORDON_ENCRYPTION_PASSWORD is set):
  The new key comes from the environment too; the command prints which variables to change.
    CORDON_NEW_ENCRYPTION_PASSWORD   the new password (or name another variable with --new-password-env)
    CORDON_NEW_ENCRYPTION_SALT       the new salt (optional, default: the salt stays; --new-salt-env)
  Or, with no downtime for the secrets: set CORDON_ENCRYPTION_PASSWORD/SALT to the new key and
  CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT to the old one, restart Cordon, run rotate-key with
  no new password, then remove the CORDON_PREVIOUS_* variables.

Options of rotate-key:
  --new-password-env NAME   Read the new password from the environment variable NAME.
  --new-salt-env NAME       Read the new salt from the environment variable NAME.
  --force-drop-unreadable   Remove secrets that no known key opens (they are listed) instead of
                            refusing to run; their datasources then ask for them again.

Exit status: 0 done, 1 failed (nothing lost; the message says what to do), 2 bad usage.`;

class UsageError extends Error {}

interface ParsedArgs {
  command: string | undefined;
  newPasswordEnv?: string;
  newSaltEnv?: string;
  forceDropUnreadable: boolean;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const parsed: ParsedArgs = { command, forceDropUnreadable: false };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const found = inline ?? rest[++i];
      if (!found || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(found)) throw new UsageError(`${flag} needs the name of an environment variable`);
      return found;
    };
    if (command !== 'rotate-key') throw new UsageError(`unexpected argument ${arg}`);
    if (flag === '--new-password-env') parsed.newPasswordEnv = value();
    else if (flag === '--new-salt-env') parsed.newSaltEnv = value();
    else if (flag === '--force-drop-unreadable' && inline === undefined) parsed.forceDropUnreadable = true;
    else throw new UsageError(`unknown option ${flag}`);
  }
  return parsed;
}

/** Runs one command; returns the exit status. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    err(`cordon: ${(error as Error).message}\n\n${helpText}`);
    return 2;
  }
  switch (args.command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(helpText);
      return 0;
    case 'rotate-key':
      try {
        await rotateKey({ env, newPasswordEnv: args.newPasswordEnv, newSaltEnv: args.newSaltEnv, forceDropUnreadable: args.forceDropUnreadable, print: out });
        return 0;
      } catch (error) {
        if (error instanceof RotateKeyError || error instanceof UnreadableSecretsError || error instanceof ConfigError || error instanceof InstanceSecretsError) {
          err(`cordon rotate-key: ${error.message}`);
          return 1;
        }
        // Anything else (the store unreachable, ...): the message only, never a stack with values.
        err(`cordon rotate-key failed: ${error instanceof Error ? error.message : String(error)}\nNothing is lost: every secret opens with the keys in use; run the command again.`);
        return 1;
      }
    default:
      err(`cordon: unknown command ${args.command}\n\n${helpText}`);
      return 2;
  }
}

// Run only as the entry point (tests import runCli).
if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1])) {
  runCli(process.argv.slice(2), process.env, (line) => console.log(line), (line) => console.error(line))
    .then((status) => { process.exitCode = status; });
}
