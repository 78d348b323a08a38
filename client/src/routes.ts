/** Page paths, so navigation calls and tests name pages one way. */
export const ROUTES = {
  home: '/pages/index/index',
  policy: '/pages/policy/index',
  lecture: '/pages/lecture/index',
  service: '/pages/service/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  privacy: '/pages/privacy/index',
  workbench: '/workbench/index/index',
  workbenchUsers: '/workbench/users/index',
  workbenchUserForm: '/workbench/user-form/index',
  workbenchOrgans: '/workbench/organs/index',
} as const;

export const TAB_ROUTES: readonly string[] = [
  ROUTES.home,
  ROUTES.policy,
  ROUTES.lecture,
  ROUTES.service,
  ROUTES.mine,
];
