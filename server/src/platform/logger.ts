import pino from 'pino';

/** Paths never written to logs: credentials and personal information (PIPL). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.refreshToken',
  '*.idNumber',
  '*.phone',
  '*.email',
  '*.address',
  '*.openid',
  '*.code',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'zwgk-api' },
      redact: { paths: REDACT_PATHS, censor: '[已隐藏]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
