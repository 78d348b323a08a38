export * from './common';
export * from './accounts';
export * from './policies';
// contracts: policies
export * from './sessions';
// contracts: sessions
// contracts: disclosure
export * from './calendar';
export * from './disclosure';
export * from './files';
export * from './notifications';
export * from './audit';
// contracts: consultations
export * from './consultations';
// contracts: dashboard
export * from './dashboard';
