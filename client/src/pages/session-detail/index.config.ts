export default definePageConfig({
  navigationBarTitleText: '场次详情',
  enableShareAppMessage: true,
});
