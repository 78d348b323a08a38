import type { DomainModule, ModuleContext } from '../../platform/module';
import { calendarModels } from './model';
import { calendarRoutes } from './routes';
import { CalendarService } from './service';

export function createCalendarService(ctx: ModuleContext): CalendarService {
  return new CalendarService(calendarModels(ctx.conn), ctx.now);
}

export function createCalendarModule(ctx: ModuleContext, service = createCalendarService(ctx)): DomainModule {
  return { name: 'calendar', routes: calendarRoutes(service) };
}
