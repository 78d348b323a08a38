export * from './common';
export * from './accounts';
export * from './policies';
// contracts: policies
export * from './sessions';
// contracts: sessions
// contracts: disclosure
export * from './calendar';
export * from './disclosure';
