export default definePageConfig({
  navigationBarTitleText: '机关管理',
});
