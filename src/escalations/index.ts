export * from './case-workflow';
export * from './case-repository';
export * from './channel-registry';
export * from './conversation-reference';
