import { useEffect, useState } from 'react';

/** How long the "send a new code" button waits after each code sent. */
const resendCooldownSeconds = 60;

export interface SentCode {
  /** Where the code went; null while the person types their address. */
  sentTo: string | null;
  /** How many codes were sent (a new one replaces the last). */
  sends: number;
  /** The code typed so far. */
  code: string;
  setCode(code: string): void;
  /** Seconds before another code may be asked for. */
  cooldown: number;
  /** A code went to `to`: its step shows, with an empty field, and the cooldown starts again. */
  sent(to: string): void;
  /** Back to typing an address. */
  startOver(): void;
}

/** The state of a sign-in by a code sent to an address (an email or a phone number). */
export function useSentCode(): SentCode {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [sends, setSends] = useState(0);
  const [code, setCode] = useState('');
  const cooldown = useCountdown(sends, resendCooldownSeconds);
  return {
    sentTo,
    sends,
    code,
    setCode,
    cooldown,
    sent: (to) => {
      setSentTo(to);
      setSends((n) => n + 1);
      setCode('');
    },
    startOver: () => {
      setSentTo(null);
      setCode('');
    },
  };
}

/** Seconds left of a `seconds` wait that restarts whenever `key` changes (0 before the first). */
function useCountdown(key: number, seconds: number): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (key === 0) return;
    const endsAt = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [key, seconds]);
  return left;
}
