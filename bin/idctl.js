#!/usr/bin/env node
// idctl, the Latchkey admin CLI. Always runs the compiled commands in dist/ (built by `npm ci`
// through `prepare`): never transpiles sources, even when NODE_ENV is "test" or "development".
import { execute, settings } from '@oclif/core';

settings.enableAutoTranspile = false;
await execute({ dir: import.meta.url });
