import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    devServer: {
      port: 10086,
      // The API runs on the server (default port 3000); the dev server forwards /api to it.
      proxy: {
        '/api': { target: process.env.TARO_APP_API_BASE || 'http://localhost:3000', changeOrigin: true },
      },
    },
  },
} satisfies UserConfigExport<'webpack5'>;
