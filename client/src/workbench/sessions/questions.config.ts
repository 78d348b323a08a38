export default definePageConfig({
  navigationBarTitleText: '会前提问与评价',
});
