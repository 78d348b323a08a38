export default definePageConfig({
  navigationBarTitleText: '掌上政务公开专区',
  enableShareAppMessage: true,
  enablePullDownRefresh: true,
});
