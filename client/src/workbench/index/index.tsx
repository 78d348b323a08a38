import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type Role } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState } from '../../components/States';
import { COMING_SOON } from '../../constants';
import { ROUTES } from '../../routes';
import { CONSULT_ROUTES } from '../../api/consultations';
import { DASHBOARD_ROUTES } from '../../api/dashboard';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';
import { POLICY_ROUTES } from '../../api/policies';
import { SESSION_ROUTES } from '../../api/sessions';
import { refreshCurrentUser } from '../../services/auth';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';

/** Work of a staff-side role whose module has not opened yet. */
const ROLE_DUTIES: Partial<Record<Role, { title: string; description: string }[]>> = {};

/** One way into a part of the workbench. */
function WorkbenchEntry(props: { id: string; url: string; title: string; description: string }) {
  return (
    <View id={props.id} className="zw-list-item" onClick={() => void Taro.navigateTo({ url: props.url })}>
      <View className="zw-list-item__main">
        <Text className="zw-list-item__title">{props.title}</Text>
        <Text className="zw-list-item__desc">{props.description}</Text>
      </View>
      <Text className="zw-list-item__arrow">›</Text>
    </View>
  );
}

export default function WorkbenchIndexPage() {
  useDidShow(() => {
    void refreshCurrentUser();
  });

  return (
    <PageShell className="workbench-page">
      <WorkbenchGuard need="staff">
        {(user) => {
          const duties = user.roles.flatMap((role) => ROLE_DUTIES[role] ?? []);
          return (
            <>
              <View className="wb-header">
                <Text className="wb-header__name workbench-name">{user.displayName}</Text>
                <View className="wb-header__roles workbench-roles">
                  {user.roles.map((role) => (
                    <Text key={role} className="wb-header__role">
                      {ROLE_LABELS[role]}
                    </Text>
                  ))}
                </View>
              </View>

              <Section title="所属机关" className="workbench-organs">
                {user.organs.length ? (
                  user.organs.map((organ) => (
                    <View key={organ.id} className="zw-list-item workbench-organ">
                      <Text className="zw-list-item__title">{organ.name}</Text>
                    </View>
                  ))
                ) : (
                  <EmptyState title="尚未分配所属机关" description="请联系系统管理员分配机关后再办理业务" />
                )}
              </Section>

              {user.roles.includes('admin') ? (
                <Section title="系统管理" className="workbench-admin">
                  <WorkbenchEntry
                    id="wb-users"
                    url={ROUTES.workbenchUsers}
                    title="用户管理"
                    description="开设工作人员账号，分配角色和机关，停用或启用账号"
                  />
                  <WorkbenchEntry
                    id="wb-organs"
                    url={ROUTES.workbenchOrgans}
                    title="机关管理"
                    description="维护省、市、县各级行政机关"
                  />
                </Section>
              ) : null}

              {user.roles.some((role) => role === 'organizer' || role === 'admin') ? (
                <Section title="政务公开讲" className="workbench-sessions">
                  <WorkbenchEntry
                    id="wb-sessions"
                    url={SESSION_ROUTES.workbenchList}
                    title="场次管理与签到"
                    description="发布场次、管理预约名单、现场核验入场码"
                  />
                </Section>
              ) : null}

              {user.roles.some((role) => role === 'staff' || role === 'reviewer' || role === 'admin') ? (
                <Section title="依申请公开" className="workbench-disclosure">
                  <WorkbenchEntry
                    id="wb-disclosure"
                    url={DISCLOSURE_ROUTES.queue}
                    title="政府信息公开申请办理"
                    description="受理、补正、答复与合法性审查，年度报告统计，工作日历"
                  />
                </Section>
              ) : null}

              {user.roles.some((role) => role === 'staff' || role === 'reviewer' || role === 'admin') ? (
                <Section title="政策文件" className="workbench-policies">
                  <WorkbenchEntry
                    id="wb-policies"
                    url={POLICY_ROUTES.workList}
                    title="政策文件与解读"
                    description="起草文件和解读、保密审查、发布及审计记录"
                  />
                </Section>
              ) : null}

              {user.roles.some((role) => role === 'staff' || role === 'reviewer' || role === 'admin') ? (
                <Section title="政策咨询" className="workbench-consultations">
                  <WorkbenchEntry
                    id="wb-consultations"
                    url={CONSULT_ROUTES.queue}
                    title="政策咨询答复"
                    description="答复群众咨询（超期优先），转办，公开为常见问答"
                  />
                </Section>
              ) : null}

              <Section title="统计分析" className="workbench-dashboard">
                <WorkbenchEntry
                  id="wb-dashboard"
                  url={DASHBOARD_ROUTES.index}
                  title="数据看板"
                  description="依申请公开、政务公开讲、政策咨询的办理情况，可导出"
                />
              </Section>

              {duties.length ? (
                <Section title="业务办理" className="workbench-duties">
                  {duties.map((duty) => (
                    <View key={duty.title} className="zw-list-item">
                      <View className="zw-list-item__main">
                        <Text className="zw-list-item__title">{duty.title}</Text>
                        <Text className="zw-list-item__desc">{duty.description}</Text>
                      </View>
                      <Text className="zw-tag zw-tag--soon">{COMING_SOON}</Text>
                    </View>
                  ))}
                </Section>
              ) : null}
            </>
          );
        }}
      </WorkbenchGuard>
    </PageShell>
  );
}
