export default definePageConfig({ navigationBarTitleText: '批量导入政策文件' });
