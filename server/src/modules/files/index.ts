/** Stored files shared by every module (attachments, photos, ID proofs, reply documents). */
import type { DomainModule } from '../../platform/module';
import { fileRoutes } from './routes';
import type { FilesService } from './service';

export { FilesService, type FileGrant } from './service';

export function createFilesModule(service: FilesService): DomainModule {
  return { name: 'files', routes: fileRoutes(service) };
}
