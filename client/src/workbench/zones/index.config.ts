export default definePageConfig({
  navigationBarTitleText: '政务公开专区管理',
});
