export default definePageConfig({
  navigationBarTitleText: '咨询问答公开',
  enablePullDownRefresh: true,
});
