import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const platform = process.env.TARO_ENV ?? 'h5';
const apiBase = (process.env.TARO_APP_API_BASE || 'http://localhost:3000').replace(/\/+$/, '');
// Taro writes process.env.TARO_APP_ID into dist/weapp/project.config.json.
process.env.TARO_APP_ID = process.env.TARO_APP_WEAPP_APPID || process.env.TARO_APP_ID || 'touristappid';

const typesSource = path.resolve(__dirname, '../../types/src');
const zodSource = path.dirname(require.resolve('zod/package.json'));
// The shared contracts (@zwgk/types) are TypeScript source; zod is compiled down for older WeChat clients.
const compile = { include: [typesSource, zodSource] };

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'zwgk-open-government-zone',
    date: '2026-11-29',
    // NutUI is drawn for a 375 px wide design, our styles for 750.
    designWidth(input) {
      const file = typeof input === 'object' && input ? String(input.file ?? '') : '';
      return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets parallel builds (e.g. a developer's test build) write elsewhere.
    outputRoot: process.env.TARO_OUTPUT_ROOT ?? `dist/${platform}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: {
      enable: true,
      ...(process.env.TARO_OUTPUT_ROOT
        ? { name: `${platform}-${path.basename(process.env.TARO_OUTPUT_ROOT)}` }
        : {}),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    mini: {
      compile,
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
    },
    h5: {
      compile,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
