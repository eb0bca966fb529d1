/** Jest on native ESM (see ../shared/stack-notes.md): ts-jest transpiles, tsc type-checks separately. */
const aliases = {
  '^@mou/config$': '<rootDir>/config/index.ts',
  '^@mou/common$': '<rootDir>/libs/common/src/index.ts',
  '^@mou/database$': '<rootDir>/libs/database/src/index.ts',
  '^@mou/domain$': '<rootDir>/libs/domain/src/index.ts',
  '^@mou/audit$': '<rootDir>/libs/audit/src/index.ts',
  '^@mou/reminders$': '<rootDir>/libs/reminders/src/index.ts',
  '^@mou/documents$': '<rootDir>/libs/documents/src/index.ts',
  '^@mou/migrations$': '<rootDir>/migrations/index.ts',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/{apps,libs,config,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/bench/'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
