export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/policy/index',
    'pages/lecture/index',
    'pages/service/index',
    'pages/mine/index',
    'pages/login/index',
    'pages/privacy/index',
    'pages/policy-detail/index',
    // feature pages: policies
    'pages/policy-search/index',
    'pages/policy-favorites/index',
    'pages/session-detail/index',
    'pages/zone-detail/index',
    'pages/my-bookings/index',
    // feature pages: sessions
    // feature pages: consultations
    'pages/consult-ask/index',
    'pages/consult-mine/index',
    'pages/consult-detail/index',
    'pages/consult-public/index',
    'pages/messages/index',
    'pages/messages-settings/index',
    // feature pages: disclosure
    'pages/disclosure-apply/index',
    'pages/disclosure-mine/index',
    'pages/disclosure-detail/index',
  ],
  subPackages: [
    {
      root: 'workbench',
      pages: [
        'index/index',
        'users/index',
        'user-form/index',
        'organs/index',
        'policies/index',
        'policies/detail',
        'policies/edit',
        'policies/interp',
        // workbench pages: policies
        'policies/import',
        'policies/faqs',
        'sessions/index',
        'sessions/edit',
        'sessions/roster',
        // workbench pages: sessions
        'sessions/questions',
        'sessions/stats',
        'zones/index',
        'zones/edit',
        // workbench pages: consultations
        'consultations/index',
        'consultations/detail',
        'consultations/routes',
        'dashboard/index',
        // workbench pages: disclosure
        'disclosure/queue/index',
        'disclosure/detail/index',
        'disclosure/report/index',
        'disclosure/calendar/index',
      ],
    },
  ],
  preloadRule: {
    'pages/mine/index': { network: 'all', packages: ['workbench'] },
  },
  window: {
    navigationBarBackgroundColor: '#b3261e',
    navigationBarTitleText: '掌上政务公开专区',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f5f7',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#5f6673',
    selectedColor: '#b3261e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/policy/index',
        text: '政策',
        iconPath: 'assets/tabbar/policy.png',
        selectedIconPath: 'assets/tabbar/policy-active.png',
      },
      {
        pagePath: 'pages/lecture/index',
        text: '公开讲',
        iconPath: 'assets/tabbar/lecture.png',
        selectedIconPath: 'assets/tabbar/lecture-active.png',
      },
      {
        pagePath: 'pages/service/index',
        text: '办事',
        iconPath: 'assets/tabbar/service.png',
        selectedIconPath: 'assets/tabbar/service-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
  // 首页“离您最近的专区”: location only after the person taps 附近的专区 (or allowed it before).
  permission: { 'scope.userLocation': { desc: '用于查找离您最近的政务公开专区' } },
  requiredPrivateInfos: ['getLocation'],
  lazyCodeLoading: 'requiredComponents',
  __usePrivacyCheck__: true,
});
