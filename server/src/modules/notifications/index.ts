/** The message centre: in-app notices and WeChat subscribe messages through the outbox. */
import type { DomainModule } from '../../platform/module';
import { notificationRoutes } from './routes';
import type { NotificationsService } from './service';

export { NotificationsService, type NotifyInput } from './service';
export { WechatMessenger } from './wechat';

export function createNotificationsModule(service: NotificationsService): DomainModule {
  return { name: 'notifications', routes: notificationRoutes(service) };
}
