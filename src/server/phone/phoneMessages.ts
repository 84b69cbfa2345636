/** The text of the SMS Cordon sends. */

/**
 * The sign-in code. With CORDON_PUBLIC_URL set, a last line `@host #code` binds the code to the
 * site (the WebOTP / origin-bound one-time code format), so phones offer it only on that site.
 */
export function signInCodeText(code: string, minutes: number, publicUrl: URL | undefined): string {
  return withOriginLine(`Your Cordon sign-in code is ${code}. It expires in ${minutes} minutes. Do not share it with anyone.`, code, publicUrl);
}

/** The code that confirms a number added to an account. */
export function verificationCodeText(code: string, minutes: number, publicUrl: URL | undefined): string {
  return withOriginLine(`Your Cordon verification code is ${code}. Enter it on your Account page within ${minutes} minutes. If you did not add this number, ignore this message.`, code, publicUrl);
}

function withOriginLine(text: string, code: string, publicUrl: URL | undefined): string {
  return publicUrl ? `${text}\n\n@${publicUrl.host} #${code}` : text;
}
