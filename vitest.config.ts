import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build-dist.ts'],
    // Model loads and index builds take a few seconds on the 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
