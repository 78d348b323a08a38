export default definePageConfig({
  navigationBarTitleText: '政策咨询办理',
  enablePullDownRefresh: true,
});
