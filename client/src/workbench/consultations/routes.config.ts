export default definePageConfig({
  navigationBarTitleText: '咨询分办规则',
});
