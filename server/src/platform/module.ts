/** What a domain module (policies, sessions, disclosure, …) receives and gives back to the app. */
import type { Connection } from 'mongoose';
import type { Config } from '../../../config';
import type { AccountsService } from '../modules/accounts/service';
import type { FilesService } from '../modules/files/service';
import type { NotificationsService } from '../modules/notifications/service';
import type { Claims } from './claims';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { Outbox } from './outbox';
import type { AccessLog } from './access-log';
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
  /** The previous PII key while a rotation is under way (decrypt only). */
  piiKeyPrevious?: Buffer;
  /** Server secret for signatures (e.g. HMAC of QR payloads); the same on every instance. */
  signingSecret: string;
  /** Organs and users: call the service, never the accounts models. */
  accounts: AccountsService;
  /** Stored files: `attach` ids to a record (checks + read grants), `describe` them with signed URLs. */
  files: FilesService;
  /** The message centre: `notify` once per key (in-app + WeChat push), `cancel` scheduled ones. */
  notifications: NotificationsService;
  /** Durable background jobs, once across instances (claims), retried with backoff. */
  outbox: Outbox;
  /** Record each showing of a person's personal data to someone else (PIPL): `accessLog.record`. */
  accessLog: AccessLog;
}

export interface DomainModule {
  name: string;
  routes: RouteSpec[];
  /** Periodic work (repair jobs, outbox delivery); runs on every instance, so guard runs with claims. */
  maintenance?: () => Promise<void>;
  close?: () => void;
}
