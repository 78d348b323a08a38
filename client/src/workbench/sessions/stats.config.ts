export default definePageConfig({
  navigationBarTitleText: '签到率统计',
});
