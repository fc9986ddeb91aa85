#!/usr/bin/env node
// `webclas` entry (package.json bin): loads the TypeScript CLI through tsx so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
