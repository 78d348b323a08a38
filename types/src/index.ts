export * from './common';
export * from './accounts';
// contracts: policies
// contracts: sessions
// contracts: disclosure
