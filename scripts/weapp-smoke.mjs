// Loads the WeChat mini-program build (client/dist/weapp) in Node with stand-in WeChat globals,
// registers the app and every page of app.json (subpackages included), runs onLoad/onShow/onReady
// and checks that Taro renders a non-empty tree through setData without errors.
// Run after `npm run build:weapp`:  node scripts/weapp-smoke.mjs
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(
  fileURLToPath(new URL('..', import.meta.url)),
  process.env.WEAPP_DIST ?? 'client/dist/weapp',
);
const require = createRequire(import.meta.url);
const appJsonPath = join(root, 'app.json');
if (!existsSync(appJsonPath)) {
  console.error(`No weapp build at ${root}; run: npm run build:weapp`);
  process.exit(2);
}
const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8'));
const pagePaths = [
  ...appJson.pages,
  ...(appJson.subPackages ?? appJson.subpackages ?? []).flatMap((sub) =>
    sub.pages.map((p) => `${sub.root}/${p}`),
  ),
];

// ---- stand-in WeChat environment -------------------------------------------------------------
const errors = [];
const storage = new Map();
const calls = [];
const noop = () => undefined;
const asyncOk =
  (result) =>
  (opts = {}) => {
    const res = { errMsg: 'ok', ...result };
    setTimeout(() => {
      opts.success?.(res);
      opts.complete?.(res);
    }, 0);
  };
const systemInfo = {
  brand: 'devtools',
  model: 'iPhone 12',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 763,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 16.0',
  platform: 'devtools',
  SDKVersion: '3.6.0',
  safeArea: { top: 47, bottom: 810, left: 0, right: 390, width: 390, height: 763 },
};
const wxImpl = {
  getSystemInfoSync: () => systemInfo,
  getWindowInfo: () => systemInfo,
  getDeviceInfo: () => systemInfo,
  getAppBaseInfo: () => systemInfo,
  getSystemSetting: () => ({}),
  getAppAuthorizeSetting: () => ({}),
  getMenuButtonBoundingClientRect: () => ({
    width: 87,
    height: 32,
    top: 51,
    right: 382,
    bottom: 83,
    left: 295,
  }),
  getLaunchOptionsSync: () => ({ path: appJson.pages[0], query: {}, scene: 1001 }),
  getEnterOptionsSync: () => ({ path: appJson.pages[0], query: {}, scene: 1001 }),
  canIUse: () => true,
  nextTick: (fn) => setTimeout(fn, 0),
  getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key, value) => void storage.set(key, value),
  removeStorageSync: (key) => void storage.delete(key),
  // The API server is not there: requests fail the way WeChat reports a network error.
  request: (opts = {}) => {
    calls.push(['request', opts.url]);
    setTimeout(() => {
      const res = { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' };
      opts.fail?.(res);
      opts.complete?.(res);
    }, 0);
    return { abort: noop, onHeadersReceived: noop, offHeadersReceived: noop };
  },
  login: asyncOk({ code: 'smoke-test-code' }),
  showToast: asyncOk(),
  showLoading: asyncOk(),
  hideLoading: asyncOk(),
  showModal: asyncOk({ confirm: false, cancel: true }),
  createSelectorQuery: () => {
    const q = {
      in: () => q,
      select: () => q,
      selectAll: () => q,
      selectViewport: () => q,
      boundingClientRect: () => q,
      scrollOffset: () => q,
      fields: () => q,
      exec: (cb) => cb?.([]),
    };
    return q;
  },
  createIntersectionObserver: () => ({
    relativeTo: () => ({ observe: noop }),
    relativeToViewport: () => ({ observe: noop }),
    disconnect: noop,
  }),
};
globalThis.wx = new Proxy(wxImpl, {
  get(target, key) {
    if (key in target) return target[key];
    if (typeof key === 'symbol' || key === 'then') return undefined;
    if (key === 'webpackJsonp') return undefined;
    // Any other API: a callable that answers success, like a permissive WeChat.
    return asyncOk();
  },
  set(target, key, value) {
    target[key] = value;
    return true;
  },
  has: () => true,
});

let appInstance = null;
const registeredPages = [];
const pageStack = [];
globalThis.App = (config) => {
  appInstance = config;
};
globalThis.getApp = () => appInstance;
globalThis.getCurrentPages = () => pageStack;
globalThis.Page = (config) => registeredPages.push({ kind: 'Page', config });
globalThis.Component = (config) => registeredPages.push({ kind: 'Component', config });
globalThis.Behavior = (config) => config;
globalThis.requirePlugin = () => ({});
globalThis.__wxConfig = { ...appJson, envVersion: 'develop', platform: 'devtools' };

const origError = console.error;
console.error = (...args) => {
  errors.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
};
process.on('unhandledRejection', (reason) => errors.push(`unhandled rejection: ${reason?.stack ?? reason}`));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function countNodes(tree) {
  if (!tree || typeof tree !== 'object') return 0;
  let n = 0;
  if (typeof tree.nn !== 'undefined' || typeof tree.v !== 'undefined') n += 1;
  for (const value of Object.values(tree)) {
    if (Array.isArray(value)) for (const child of value) n += countNodes(child);
  }
  return n;
}

function makeInstance(path, config, kind) {
  const setDataCalls = [];
  const methods = kind === 'Component' ? { ...config, ...(config.methods ?? {}) } : config;
  const instance = Object.create(methods);
  Object.assign(instance, {
    route: path,
    __route__: path,
    data: JSON.parse(JSON.stringify(config.data ?? {})),
    setData(patch, cb) {
      setDataCalls.push(patch);
      for (const [key, value] of Object.entries(patch)) {
        if (!key.includes('.') && !key.includes('[')) this.data[key] = value;
      }
      if (cb) setTimeout(cb, 0);
    },
    selectComponent: () => null,
    createSelectorQuery: () => globalThis.wx.createSelectorQuery(),
    getOpenerEventChannel: () => ({ emit: noop, on: noop, off: noop, once: noop }),
  });
  return { instance, setDataCalls };
}

const results = [];
async function check(name, fn) {
  const before = errors.length;
  try {
    const detail = await fn();
    const newErrors = errors.slice(before);
    if (newErrors.length) throw new Error(newErrors[0].split('\n').slice(0, 3).join(' | '));
    results.push({ name, ok: true, detail });
    console.log(`ok    ${name}${detail ? `  (${detail})` : ''}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}: ${error?.message ?? error}`);
  }
}

await check('app.js', async () => {
  require(join(root, 'app.js'));
  if (!appInstance) throw new Error('App() was not called');
  appInstance.onLaunch?.call(appInstance, { path: appJson.pages[0], query: {}, scene: 1001 });
  appInstance.onShow?.call(appInstance, { path: appJson.pages[0], query: {}, scene: 1001 });
  await sleep(50);
  return 'App() registered, onLaunch/onShow ran';
});

for (const path of pagePaths) {
  await check(path, async () => {
    const file = join(root, `${path}.js`);
    if (!existsSync(file)) throw new Error(`missing ${path}.js`);
    const count = registeredPages.length;
    require(file);
    if (registeredPages.length !== count + 1) throw new Error('the page did not call Page() or Component()');
    const { kind, config } = registeredPages[registeredPages.length - 1];
    const { instance, setDataCalls } = makeInstance(path, config, kind);
    pageStack.push(instance);
    const life = kind === 'Component' ? { ...(config.lifetimes ?? {}) } : {};
    life.attached?.call(instance);
    instance.onLoad?.call(instance, {});
    instance.onShow?.call(instance);
    instance.onReady?.call(instance);
    await sleep(80);
    const rendered = setDataCalls.find((patch) => countNodes(patch) > 0);
    if (!rendered) throw new Error('setData was never called with a rendered tree');
    const nodes = Math.max(...setDataCalls.map(countNodes));
    instance.onHide?.call(instance);
    instance.onUnload?.call(instance);
    pageStack.pop();
    await sleep(10);
    return `${kind}(), ${nodes} nodes rendered`;
  });
}

console.error = origError;
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
