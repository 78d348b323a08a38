// The H5 build: same-origin API under /api/v1.
process.env.TARO_ENV = 'h5';
