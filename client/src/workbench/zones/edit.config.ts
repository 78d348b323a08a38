export default definePageConfig({
  navigationBarTitleText: '编辑政务公开专区',
});
