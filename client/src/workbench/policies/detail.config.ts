export default definePageConfig({ navigationBarTitleText: '文件审查与发布' });
