/** What a domain module (policies, sessions, disclosure, …) receives and gives back to the app. */
import type { Connection } from 'mongoose';
import type { Config } from '../../../config';
import type { AccountsService } from '../modules/accounts/service';
import type { Claims } from './claims';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { RouteSpec } from './routing';

export interface ModuleContext {
  config: Config;
  conn: Connection;
  clock: Clock;
  now: () => Date;
  logger: Logger;
  claims: Claims;
  /** 32-byte key for personal data at rest (ID numbers): AES-256-GCM. */
  piiKey: Buffer;
  /** Server secret for signatures (e.g. HMAC of QR payloads); the same on every instance. */
  signingSecret: string;
  /** Organs and users: call the service, never the accounts models. */
  accounts: AccountsService;
}

export interface DomainModule {
  name: string;
  routes: RouteSpec[];
  /** Periodic work (repair jobs, outbox delivery); runs on every instance, so guard runs with claims. */
  maintenance?: () => Promise<void>;
  close?: () => void;
}
